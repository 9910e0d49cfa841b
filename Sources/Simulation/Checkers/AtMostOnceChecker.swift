import SimKernel
import Worker

/// SPEC section 7: each `commandId` executed at most once. However often it was sent, redelivered or resumed,
/// a command made at most one commit of its own (work-in-progress and switching commits aside), logged at
/// most one completed sync, and had at most one answer (refusals of malformed messages aside). The same answer
/// delivered again counts once: SPEC 3.9 keeps the answer with the completed command and re-sends it when a
/// redelivered command finds it not recorded as sent (a container that sent it but could not record that, then
/// stopped); a second, different answer is a second execution.
public enum AtMostOnceChecker {
    public static let name = "Each command ran at most once"

    public static func check(_ evidence: RunEvidence) -> CheckResult {
        var problems: [String] = []
        for command in evidence.commands {
            let commits = evidence.run.commits.entries.filter {
                CommitMessage.isCommit(of: command.commandId, session: command.sessionId, message: $0.message)
            }
            if commits.count > 1 {
                problems.append("\(command.commandId) made \(commits.count) commits: "
                    + commits.map { "\($0.commit.prefix(8)) at \($0.at.iso8601)" }.joined(separator: ", "))
            }
            let syncs = evidence.timeline.lines(of: command.commandId).filter {
                $0.sessionId == command.sessionId && $0.message.hasPrefix(LogLine.syncComplete)
            }
            if syncs.count > 1 {
                problems.append("\(command.commandId) was deployed \(syncs.count) times: " + syncs.map(\.at.iso8601).joined(separator: ", "))
            }
            let answers = evidence.answers(to: command)
            let distinct = Set(answers.map { JSONValue.object($0.fields).canonicalText })
            if distinct.count > 1 {
                problems.append("\(command.commandId) was answered \(distinct.count) different ways (\(answers.count) answers): "
                    + answers.map(\.at.iso8601).joined(separator: ", "))
            }
        }
        if problems.isEmpty { return .pass(name, "\(counted(evidence.commands.count, "command")): at most one commit, deploy and answer each") }
        return .fail(name, problems.joined(separator: "; "))
    }
}
