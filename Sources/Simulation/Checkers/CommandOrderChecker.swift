import SimKernel
import Worker

/// SPEC section 7: each session's commands took effect in the order sent. For two commands of one session
/// sent at different instants, the earlier one completed first (its `Processing complete`), and when both
/// committed on one branch, the earlier commit is an ancestor of the later one on the remote.
public enum CommandOrderChecker {
    public static let name = "Each session's commands took effect in the order sent"

    public static func check(_ evidence: RunEvidence) -> CheckResult {
        var problems: [String] = []
        var pairs = 0
        let bySession = Dictionary(grouping: evidence.commands, by: \.sessionId)
        for sessionId in bySession.keys.sorted() {
            let sent = bySession[sessionId]!.sorted { $0.at < $1.at }
            let completions = sent.map { command in
                evidence.timeline.lines(of: command.commandId).first { $0.sessionId == sessionId && $0.message == LogLine.processingComplete }?.at
            }
            for (index, earlier) in sent.enumerated() {
                guard let doneEarlier = completions[index] else { continue }
                for later in sent.indices.dropFirst(index + 1) where sent[later].at > earlier.at {
                    guard let doneLater = completions[later] else { continue }
                    pairs += 1
                    if doneLater < doneEarlier {
                        problems.append("\(sent[later].commandId) of \(sessionId) took effect at \(doneLater.iso8601), before "
                            + "\(earlier.commandId), sent earlier, at \(doneEarlier.iso8601)")
                    }
                    if let problem = commitOrder(evidence, earlier: earlier, later: sent[later]) { problems.append(problem) }
                }
            }
        }
        if problems.isEmpty { return .pass(name, "\(counted(pairs, "pair")) of one session's commands in order") }
        return .fail(name, problems.joined(separator: "; "))
    }

    /// The earlier command's commit is an ancestor of the later one's when both are on one branch.
    static func commitOrder(_ evidence: RunEvidence, earlier: WorkloadDriver.SentCommand, later: WorkloadDriver.SentCommand) -> String? {
        func commit(_ command: WorkloadDriver.SentCommand) -> (sha: String, branch: String)? {
            guard let response = evidence.answers(to: command).last, response.work?.interrupted != true,
                let sha = response.work?.commitSha, let branch = response.work?.branch
            else { return nil }
            return (sha, branch)
        }
        guard let first = commit(earlier), let second = commit(later), first.branch == second.branch,
            let site = evidence.site(key: earlier.siteKey), let remote = try? evidence.openRemote(site),
            (try? remote.contains(commit: first.sha)) == true, (try? remote.contains(commit: second.sha)) == true
        else { return nil }
        if (try? remote.commit(first.sha, isAncestorOf: second.sha)) == true { return nil }
        return "the commit of \(later.commandId) (\(second.sha.prefix(8))) does not come after the commit of \(earlier.commandId) "
            + "(\(first.sha.prefix(8))), sent earlier, on \(first.branch)"
    }
}
