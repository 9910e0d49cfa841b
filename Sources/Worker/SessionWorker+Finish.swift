import Messages
import AWSPorts
import Foundation
import Logging
import SimKernel

extension SessionWorker {
    /// Step 8 begins: the push takes its modelled time and lands on the remote when it completes.
    func push(_ run: CommandRun, on site: ClaimedSite) -> WorkerWake {
        run.stageStartedAt = now
        run.logger.info("Pushing \(run.branch) to origin")
        let until = now + ports.timing.duration(of: .push)
        run.stage = .pushing(until: until)
        return .at(until)
    }

    /// Step 8 ends: push the branch; a failure is logged and the commits wait for the next successful push.
    func finishPush(_ run: CommandRun, on site: ClaimedSite) {
        guard let repository = site.repository else { return }
        do {
            let outcome = try repository.push(branch: run.branch, committer: .container, at: now)
            if outcome != .pushed {
                run.logger.warning("The remote \(run.branch) had moved on: \(outcome == .pushedAfterRebase ? "rebased onto it" : "merged it, keeping local changes")")
            }
            run.pushSuccess = true
            run.logger.info("Git push complete")
        } catch {
            run.errors.append("push: \(error.message)")
            run.logger.error("Git push failed: \(error.message)")
        }
    }

    /// Step 9: answer, record the session, then (only then) delete the input message.
    func respond(_ run: CommandRun, on site: ClaimedSite) -> WorkerWake {
        run.timings["total"] = now - run.startedAt
        let error = run.errors.isEmpty ? nil : run.errors.joined(separator: "; ")
        sendResponse(response(for: run, on: site, error: error), on: site, logger: run.logger)
        recordSession(run, on: site)
        recordActivity(on: site)
        run.logger.info("Processing complete")
        deleteInput(run.work.receiptHandle, on: site, logger: run.logger)
        site.lastActivity = now
        phase = .ready(site)
        // Waiting messages run in arrival order (the interrupting one among them), so the last message sent
        // is the last one run and each session's commands keep their order.
        if !site.pending.isEmpty { return begin(site.pending.removeFirst(), on: site) }
        return .at(now)
    }

    func response(for run: CommandRun, on site: ClaimedSite, error: String?) -> WorkResponse {
        let message = run.message
        var timings: [String: Int64] = [:]
        for name in WorkResponse.timingNames { timings[name] = (run.timings[name] ?? .zero).wholeMilliseconds }
        let success = !run.interrupted && run.claudeSucceeded && run.errors.isEmpty
            && run.buildSuccess && run.deploySuccess && run.pushSuccess
        return WorkResponse(
            sessionId: message.sessionId, commandId: message.commandId, chatThreadId: message.chatThreadId,
            clientId: message.clientId, userId: message.userId, success: success, interrupted: run.interrupted,
            summary: run.summary, filesChanged: run.filesChanged, commitSha: run.commitSha, branch: run.branch,
            previewUrl: site.endpoints.previewURL(chatThreadId: message.chatThreadId), buildSuccess: run.buildSuccess,
            deploySuccess: run.deploySuccess, pushSuccess: run.pushSuccess, error: error, timings: timings)
    }

    func sendResponse(_ response: WorkResponse, on site: ClaimedSite, logger: Logger) {
        do {
            _ = try AWSRetry.call { () throws(AWSError) in
                try ports.sqs.sendMessage(SendMessageRequest(queueUrl: site.endpoints.outputQueueURL, messageBody: response.json))
            }
        } catch {
            logger.error("Could not send the response to \(site.endpoints.outputQueueURL): \(error)")
        }
    }

    /// The session row: created when the message did not come through Hermes; `completedCommands` makes a
    /// redelivered command an acknowledgement.
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
            _ = try AWSRetry.call { () throws(AWSError) in
                try ports.dynamodb.updateItem(UpdateItemRequest(
                    tableName: configuration.sessionsTable, key: tableKey("sessionId", message.sessionId),
                    updateExpression: "SET \(set) ADD completedCommands :command, commandCount :one",
                    expression: ExpressionParameters(names: ["#status": "status"], values: values)))
            }
        } catch {
            run.logger.error("Could not update session \(message.sessionId): \(error)")
        }
    }

    /// Refreshes the container row and this container's claim (only while it is still this container's, so
    /// a released claim is never recreated half-empty).
    func recordActivity(on site: ClaimedSite) {
        site.lastHeartbeat = now
        updateContainerRow("SET lastActivity = :now", values: [":now": epochMilliseconds(now)])
        do {
            _ = try AWSRetry.call { () throws(AWSError) in
                try ports.dynamodb.updateItem(UpdateItemRequest(
                    tableName: configuration.ownershipTable, key: tableKey("siteKey", site.endpoints.siteKey),
                    updateExpression: "SET lastActivity = :now, #ttl = :ttl", conditionExpression: "containerId = :me",
                    expression: ExpressionParameters(names: ["#ttl": "ttl"], values: [
                        ":now": epochMilliseconds(now), ":ttl": .number((now + configuration.claimTTL).unixSeconds),
                        ":me": .s(configuration.containerId),
                    ])))
            }
        } catch where error.code == "ConditionalCheckFailedException" {
            logger.warning("The claim on \(site.endpoints.siteKey) is no longer this container's")
        } catch {
            logger.warning("Could not refresh the claim on \(site.endpoints.siteKey): \(error)")
        }
    }
}
