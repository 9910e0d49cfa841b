import Messages
import GitWorkspace
import SimKernel
import Worker

/// SPEC section 7: no content of one session in another. Every commit a thread's branch holds beyond
/// `main` belongs to a session that worked on that thread: its `Session:` trailer, or the `[tag]` of a
/// switching or work-in-progress commit, names one of them. (Bucket isolation between sites is the bucket
/// checker's: a bucket only ever matches its own site's builds.)
public enum SessionIsolationChecker {
    public static let name = "No content of one session in another"

    public static func check(_ evidence: RunEvidence) -> CheckResult {
        var threads: [String: Set<String>] = [:]
        for command in evidence.driver.sent {
            threads["\(command.siteKey) \(BranchName.forThread(command.chatThreadId))", default: []].insert(command.sessionId)
        }
        var problems: [String] = []
        var checked = 0
        for site in evidence.world.sites {
            guard let remote = evidence.remote(site), let branches = try? remote.branches() else { continue }
            let main = Set(((try? remote.commits(on: "main")) ?? []).map(\.id))
            for branch in branches.keys.sorted() where branch.hasPrefix("thread-") {
                let sessions = threads["\(site.seed.siteKey) \(branch)"] ?? []
                for commit in (try? remote.commits(on: branch)) ?? [] where !main.contains(commit.id) {
                    checked += 1
                    guard let owner = session(of: commit) else { continue }
                    let belongs = sessions.contains { $0 == owner || $0.hasPrefix(owner) && owner.count == 8 }
                    if !belongs {
                        problems.append("\(branch) of \(site.seed.clientId)/\(site.seed.projectId) holds commit \(commit.id.prefix(8)) "
                            + "\"\(commit.subject)\" of session \(owner), which never worked on that thread")
                    }
                }
            }
        }
        if problems.isEmpty { return .pass(name, "\(counted(checked, "thread commit")), each of its own thread's sessions") }
        return .fail(name, problems.joined(separator: "; "))
    }

    /// The session a commit names: its `Session:` trailer, else the 8-character `[tag]` ending its subject.
    static func session(of commit: RemoteCommit) -> String? {
        for line in commit.message.split(separator: "\n") where line.hasPrefix("Session: ") {
            return String(line.dropFirst("Session: ".count))
        }
        if commit.subject.hasSuffix("]"), let open = commit.subject.lastIndex(of: "[") {
            let tag = commit.subject[commit.subject.index(after: open)..<commit.subject.index(before: commit.subject.endIndex)]
            if !tag.isEmpty && tag.count <= 8 { return String(tag) }
        }
        return nil
    }
}
