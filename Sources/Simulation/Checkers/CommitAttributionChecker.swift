import Messages
import SimKernel
import Worker

/// SPEC section 7: every commit has a non-empty subject of at most 72 characters, free of control characters,
/// and `Session:` and `Command:` trailers (in its last paragraph) naming a session that worked on the thread
/// of the branch it was made on (the thread's preferred or alternative branch name).
public enum CommitAttributionChecker {
    public static let name = "Every commit has a subject and names a session of its thread"

    public static func check(_ evidence: RunEvidence) -> CheckResult {
        var threadsOfSession: [String: Set<String>] = [:]
        for command in evidence.driver.sent { threadsOfSession[command.sessionId, default: []].insert(command.chatThreadId) }
        var problems: [String] = []
        let entries = evidence.run.commits.entries
        for entry in entries {
            let label = "commit \(entry.commit.prefix(8)) on \(entry.branch) at \(entry.at.iso8601)"
            let subject = entry.message.prefix { $0 != "\n" }
            if subject.trimmingCharacters(in: .whitespaces).isEmpty {
                problems.append("\(label) has an empty subject")
            } else if subject.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7f }) {
                problems.append("\(label) has control characters in its subject \(subject.debugDescription)")
            } else if subject.count > 72 {
                problems.append("\(label) has a subject of \(subject.count) characters (at most 72)")
            }
            let trailers = CommitMessage.trailers(in: entry.message)
            let session = trailers["Session"]
            if trailers["Command"] == nil { problems.append("\(label) has no Command: trailer") }
            guard let session else {
                problems.append("\(label) has no Session: trailer")
                continue
            }
            let threads = (threadsOfSession[session] ?? []).filter { BranchName.candidates(forThread: $0).contains(entry.branch) }
            if threads.isEmpty && entry.branch.hasPrefix("thread-") {
                problems.append("\(label) names session \(session), which never worked on a thread of \(entry.branch)")
            }
        }
        if problems.isEmpty { return .pass(name, "\(counted(entries.count, "commit")) well formed and attributed") }
        return .fail(name, problems.joined(separator: "; "))
    }
}
