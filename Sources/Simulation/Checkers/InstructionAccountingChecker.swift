import AWSSim
import SimKernel

/// SPEC section 7: no instruction lost. Every command the workload sent was answered (completed, or
/// interrupted with its work committed) or is in its site's DLQ with a reason; every malformed body is in
/// the DLQ. Read from the queues and the remotes; a response's commit must really exist.
public enum InstructionAccountingChecker {
    public static let name = "No instruction lost"

    public static func check(_ evidence: RunEvidence) -> CheckResult {
        var problems: [String] = []
        var completed = 0, interrupted = 0, deadLettered = 0
        var seen: Set<String> = []
        for command in evidence.driver.sent.reversed() where seen.insert(command.commandId).inserted {
            guard let site = evidence.site(key: command.siteKey) else { continue }
            let label = "\(command.commandId)\(command.messageName.map { " (\($0))" } ?? "")"
            let dead = (try? evidence.run.aws.sqs.peekMessages(queueUrl: site.endpoints.deadLetterQueueURL)) ?? []
            if let letter = dead.first(where: { $0.body.contains("\"commandId\":\"\(command.commandId)\"") }) {
                if (letter.attributes["reason"] ?? "").isEmpty {
                    problems.append("\(label) is in the DLQ without a reason")
                }
                deadLettered += 1
                continue
            }
            if let response = evidence.collector.response(for: command.commandId) {
                if let sha = response.fields["commitSha"]?.stringValue {
                    if !evidence.isKept(sha, site: site) {
                        problems.append("\(label) answered with commit \(sha.prefix(8)), which is on no branch of the remote or the workspace")
                    }
                }
                if response.bool("interrupted") == true { interrupted += 1 } else { completed += 1 }
                continue
            }
            let waiting = (try? evidence.run.aws.sqs.peekMessages(queueUrl: site.endpoints.inputQueueURL)) ?? []
            if waiting.contains(where: { $0.body.contains("\"commandId\":\"\(command.commandId)\"") }) {
                problems.append("\(label) is still on \(site.endpoints.inputQueueURL.split(separator: "/").last ?? "") and was never processed")
            } else {
                problems.append("\(label), sent at \(command.at.iso8601) to webordinary-input-\(site.seed.clientId)-\(site.seed.projectId), "
                    + "was lost: never answered, not on the input queue, not in the DLQ")
            }
        }
        for body in evidence.driver.sentBodies {
            guard let site = evidence.site(key: body.siteKey) else { continue }
            let dead = (try? evidence.run.aws.sqs.peekMessages(queueUrl: site.endpoints.deadLetterQueueURL)) ?? []
            if let letter = dead.first(where: { $0.body == body.body }) {
                if (letter.attributes["reason"] ?? "").isEmpty { problems.append("the body \(body.body.prefix(40)) is in the DLQ without a reason") }
                deadLettered += 1
            } else {
                problems.append("the body \(body.body.prefix(40)) sent to \(site.seed.siteKey) is not in the DLQ")
            }
        }
        if problems.isEmpty {
            return .pass(name, "\(completed) completed, \(interrupted) interrupted, \(deadLettered) in the DLQ")
        }
        return .fail(name, problems.joined(separator: "; "))
    }
}
