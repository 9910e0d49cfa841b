import AWSSim
import SimKernel

/// SPEC section 7: no instruction lost. Every command the workload sent was answered (completed, or
/// interrupted with its work committed) or is in its site's DLQ; every message in a DLQ carries a reason; no
/// command that was answered as done (or interrupted) is in a DLQ; every malformed body is in the DLQ. Read
/// from the queues and the remotes; a response's commit must really exist.
public enum InstructionAccountingChecker {
    public static let name = "No instruction lost"

    public static func check(_ evidence: RunEvidence) -> CheckResult {
        var problems: [String] = []
        var completed = 0, interrupted = 0, deadLettered = 0
        var letters: [String: [MessageOnQueue]] = [:]
        var waiting: [String: [MessageOnQueue]] = [:]
        do {
            for site in evidence.world.sites {
                letters[site.seedSite.siteKey] = try evidence.deadLetters(site)
                waiting[site.seedSite.siteKey] = try evidence.inputMessages(site)
            }
        } catch {
            return .fail(name, "\(error)")
        }
        for (siteKey, dead) in letters.sorted(by: { $0.key < $1.key }) {
            for letter in dead where (letter.reason ?? "").isEmpty {
                problems.append("a message in the DLQ of \(siteKey) (\(letter.commandId.map { "command \($0)" } ?? "body \(letter.body.prefix(40))")) has no reason")
            }
        }
        for command in evidence.commands.reversed() {
            guard let site = evidence.site(key: command.siteKey) else { continue }
            let label = "\(command.commandId)\(command.messageName.map { " (\($0))" } ?? "")"
            let inDLQ = letters[command.siteKey, default: []].contains { $0.commandId == command.commandId && $0.sessionId == command.sessionId }
            let answers = evidence.answers(to: command)
            let done = answers.first { $0.work?.success == true || $0.work?.interrupted == true }
            if inDLQ {
                if let done {
                    problems.append("\(label) is in the DLQ though it was answered \(done.work?.interrupted == true ? "interrupted" : "done")")
                }
                deadLettered += 1
                continue
            }
            if let response = answers.last {
                if let sha = response.work?.commitSha, !evidence.isKept(sha, site: site) {
                    problems.append("\(label) answered with commit \(sha.prefix(8)), which is on no branch of the remote or the workspace")
                }
                if response.work?.interrupted == true { interrupted += 1 } else { completed += 1 }
                continue
            }
            if waiting[command.siteKey, default: []].contains(where: { $0.commandId == command.commandId }) {
                problems.append("\(label) is still on \(site.endpoints.inputQueueURL.split(separator: "/").last ?? "") and was never processed")
            } else {
                problems.append("\(label), sent at \(command.at.iso8601) to webordinary-input-\(site.seedSite.clientId)-\(site.seedSite.projectId), "
                    + "was lost: never answered, not on the input queue, not in the DLQ")
            }
        }
        for body in evidence.driver.sentBodies {
            if letters[body.siteKey, default: []].contains(where: { $0.isCopy(of: body.body) }) {
                deadLettered += 1
            } else {
                problems.append("the body \(body.body.prefix(40)) sent to \(body.siteKey) is not in the DLQ")
            }
        }
        if problems.isEmpty {
            return .pass(name, "\(completed) completed, \(interrupted) interrupted, \(deadLettered) in the DLQ")
        }
        return .fail(name, problems.joined(separator: "; "))
    }
}

extension RunEvidence {
    /// Whether the commit is on a branch of the site's remote or of its workspace.
    func isKept(_ commit: String, site: WorldSite) -> Bool {
        if (try? remote(site)?.contains(commit: commit)) == true { return true }
        return (try? workspace(site)?.branchesContain(commit: commit)) == true
    }
}
