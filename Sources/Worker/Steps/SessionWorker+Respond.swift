import AWSPorts
import Foundation
import Logging
import Messages
import SimKernel

/// Step 9: answer. The answer is kept with the completed command in the ledger first (durable), then sent;
/// the session row is updated, and the message is deleted only after the answer went out and the command's
/// commits are on the remote (`acknowledge`). Also the end of a command that is given up.
extension SessionWorker {
    func respond(_ run: CommandRun, on site: ClaimedSite) -> StepProgress {
        run.timings["total"] = now - run.startedAt
        let answer = response(for: run, on: site, error: run.pipeline.errors.isEmpty ? nil : run.pipeline.errors.joined(separator: "; ")).json
        do {
            try ledger.complete(answer: answer, sessionId: run.message.sessionId, commandId: run.message.commandId, at: now)
        } catch {
            run.logger.error("Could not record the completion of command \(run.message.commandId); the message stays held and it is tried again: \(error)")
            return .finished(.failed("\(error)"))
        }
        if configuration.plantedBug == .deleteBeforeAnswer {
            // The planted bug: the input goes before the answer; if the send fails, the instruction is lost.
            try? aws.delete(queueUrl: site.endpoints.inputQueueURL, receiptHandle: run.receiptHandle)
            _ = sendAnswer(answer, on: site, logger: run.logger)
            recordSession(run, on: site)
            run.logger.info("\(LogLine.processingComplete)")
            return .finished(.succeeded)
        }
        let sent = sendAnswer(answer, on: site, logger: run.logger)
        recordSession(run, on: site)
        run.logger.info("\(LogLine.processingComplete)")
        site.acknowledgements.append(Acknowledgement(
            messageId: run.work.messageId, receiptHandle: run.receiptHandle, sessionId: run.message.sessionId,
            commandId: run.message.commandId, answer: sent ? nil : answer, markAnswered: true, waitForPush: true, notBefore: now))
        acknowledge(site)
        return .finished(.succeeded)
    }

    /// The last attempt failed (or the command kept killing its containers): the answer with the error is
    /// kept in the ledger, then the body goes to the DLQ with the reason, the answer is sent, and the message
    /// is deleted.
    func giveUp(_ run: CommandRun, on site: ClaimedSite) -> StepProgress {
        let reason = SafeText.printable(run.pipeline.errors.last ?? "the command failed")
        run.timings["total"] = now - run.startedAt
        let answer = response(for: run, on: site, error: reason).json
        do {
            try ledger.complete(
                answer: answer, status: .deadLettered, reason: reason, sessionId: run.message.sessionId,
                commandId: run.message.commandId, at: now)
        } catch {
            run.logger.error("Could not record that command \(run.message.commandId) was given up; it is tried again: \(error)")
            return .finished(.failed("\(error)"))
        }
        site.acknowledgements.append(Acknowledgement(
            messageId: run.work.messageId, receiptHandle: run.receiptHandle, sessionId: run.message.sessionId,
            commandId: run.message.commandId, answer: answer, markAnswered: true, deadLetter: (run.message.json, reason),
            markCopied: true, notBefore: now))
        acknowledge(site)
        return .finished(.succeeded)
    }

    /// Sends an answer to the site's output queue; false (logged) when it could not be sent.
    func sendAnswer(_ answer: String, on site: ClaimedSite, logger: Logger) -> Bool {
        do {
            try aws.send(SendMessageRequest(queueUrl: site.endpoints.outputQueueURL, messageBody: answer))
            return true
        } catch {
            logger.error("Could not send the response to \(site.endpoints.outputQueueURL); it is kept with the completed command and sent again: \(error)")
            return false
        }
    }

    func response(for run: CommandRun, on site: ClaimedSite, error: String?) -> WorkResponse {
        let message = run.message
        var timings: [String: Int64] = [:]
        for name in WorkResponse.timingNames { timings[name] = (run.timings[name] ?? .zero).wholeMilliseconds }
        return WorkResponse(
            sessionId: message.sessionId, commandId: message.commandId, chatThreadId: message.chatThreadId,
            clientId: message.clientId, userId: message.userId, success: run.pipeline.succeeded && run.pipeline.step != .giveUp,
            interrupted: run.interrupted, summary: run.summary, filesChanged: run.filesChanged, commitSha: run.commitSha,
            branch: run.branch, previewUrl: site.endpoints.previewURL(chatThreadId: message.chatThreadId),
            buildSuccess: run.pipeline.buildSucceeded, deploySuccess: run.pipeline.deploySucceeded,
            pushSuccess: run.pipeline.pushSucceeded, error: error, timings: timings)
    }

    /// The session row: created when the message did not come through Hermes.
    func recordSession(_ run: CommandRun, on site: ClaimedSite) {
        let message = run.message
        var values: DynamoDBItem = [
            ":active": .s("active"), ":container": .s(configuration.containerId), ":now": epochMilliseconds(now),
            ":preview": .s(site.endpoints.previewURL(chatThreadId: message.chatThreadId)), ":branch": .s(run.branch),
            ":client": .s(site.endpoints.clientId), ":project": .s(site.endpoints.projectId),
            ":thread": .s(message.chatThreadId), ":user": .s(message.userId), ":command": .ss([message.commandId]),
            ":one": .number(1), ":last": .s(message.commandId),
        ]
        var set = "#status = :active, containerId = :container, lastActivity = :now, previewUrl = :preview, "
            + "editBranch = :branch, lastCommandId = :last, clientId = if_not_exists(clientId, :client), "
            + "projectId = if_not_exists(projectId, :project), chatThreadId = if_not_exists(chatThreadId, :thread), "
            + "userId = if_not_exists(userId, :user), createdAt = if_not_exists(createdAt, :now)"
        if let sha = run.commitSha {
            set += ", lastCommit = :commit"
            values[":commit"] = .s(sha)
        }
        do {
            try aws.updateItem(UpdateItemRequest(
                tableName: configuration.sessionsTable, key: tableKey("sessionId", message.sessionId),
                updateExpression: "SET \(set) ADD completedCommands :command, commandCount :one",
                expression: ExpressionParameters(names: ["#status": "status"], values: values)))
        } catch {
            run.logger.error("Could not update session \(message.sessionId): \(error)")
        }
    }
}
