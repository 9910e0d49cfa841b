import Messages
import AWSPorts
import Logging
import SimKernel

extension SessionWorker {
    /// Validates a received message. Refused messages go to the DLQ with their reason, commands that already
    /// completed are acknowledged; either way nothing else is touched and nil is returned.
    func accept(_ message: SQSMessage, on site: ClaimedSite) -> ReceivedWork? {
        let receiveCount = Int(message.attributes["ApproximateReceiveCount"] ?? "1") ?? 1
        let work: WorkMessage
        do {
            work = try WorkMessage.parse(message.body, site: site.endpoints.clientId, projectId: site.endpoints.projectId)
        } catch {
            reject(message, because: error, on: site)
            return nil
        }
        if commandAlreadyCompleted(work) {
            var acknowledged = logger
            acknowledged[metadataKey: "sessionId"] = "\(work.sessionId)"
            acknowledged[metadataKey: "commandId"] = "\(work.commandId)"
            acknowledged.info("Command \(work.commandId) already completed; acknowledged without running it again")
            deleteInput(message.receiptHandle, on: site, logger: acknowledged)
            return nil
        }
        return ReceivedWork(message: work, receiptHandle: message.receiptHandle, receiveCount: receiveCount)
    }

    /// Logs why, answers on the output queue when the message says who to answer, moves the body to the DLQ
    /// with the reason as a message attribute, then deletes it from the input queue.
    func reject(_ message: SQSMessage, because rejection: MessageRejection, on site: ClaimedSite) {
        var refused = logger
        for key in ["sessionId", "commandId"] {
            if let value = rejection.known[key] { refused[metadataKey: key] = "\(value)" }
        }
        refused.error("Invalid message \(message.messageId): \(rejection.reason)")
        if rejection.known["sessionId"] != nil || rejection.known["commandId"] != nil {
            sendResponse(.rejection(rejection), on: site, logger: refused)
        }
        moveToDeadLetterQueue(message.body, messageId: message.messageId, reason: rejection.reason, receiptHandle: message.receiptHandle, on: site, logger: refused)
    }

    /// Sends the body to the site's DLQ with `reason`; deletes the original only once the copy is safe.
    func moveToDeadLetterQueue(_ body: String, messageId: String, reason: String, receiptHandle: String, on site: ClaimedSite, logger: Logger) {
        do {
            _ = try ports.sqs.sendMessage(SendMessageRequest(
                queueUrl: site.endpoints.deadLetterQueueURL, messageBody: body,
                messageAttributes: [
                    "reason": .string(String(reason.prefix(1024))), "sourceQueue": .string(site.endpoints.inputQueueURL),
                    "originalMessageId": .string(messageId), "containerId": .string(configuration.containerId),
                ]))
        } catch {
            logger.error("Could not move message \(messageId) to the DLQ, leaving it on the queue: \(error)")
            return
        }
        logger.warning("Moved message \(messageId) to the DLQ: \(reason)")
        deleteInput(receiptHandle, on: site, logger: logger)
    }

    func deleteInput(_ receiptHandle: String, on site: ClaimedSite, logger: Logger) {
        do {
            try ports.sqs.deleteMessage(queueUrl: site.endpoints.inputQueueURL, receiptHandle: receiptHandle)
        } catch {
            logger.error("Could not delete the message from \(site.endpoints.inputQueueURL): \(error)")
        }
    }

    /// Whether the session row lists the command as completed (idempotency by `commandId`). A failed read
    /// runs the command: running twice is better than never.
    func commandAlreadyCompleted(_ work: WorkMessage) -> Bool {
        do {
            let row = try ports.dynamodb.getItem(GetItemRequest(
                tableName: configuration.sessionsTable, key: tableKey("sessionId", work.sessionId),
                projectionExpression: "completedCommands", consistentRead: true))
            if case .ss(let completed)? = row?["completedCommands"] { return completed.contains(work.commandId) }
            return false
        } catch {
            logger.warning("Could not read session \(work.sessionId) to check for a repeated command: \(error)")
            return false
        }
    }

    /// While a command runs: takes what arrived on the input queue. Everything waits in arrival order; the
    /// first message for a different session also interrupts the run (returns true). A redelivery of the
    /// running command or of a waiting one only refreshes its receipt handle.
    func checkInbox(_ run: CommandRun, on site: ClaimedSite) -> Bool {
        let received: ReceiveMessageResult
        do {
            received = try ports.sqs.receiveMessage(ReceiveMessageRequest(
                queueUrl: site.endpoints.inputQueueURL, maxNumberOfMessages: 10,
                visibilityTimeout: configuration.workVisibilitySeconds, waitTimeSeconds: 0,
                messageSystemAttributeNames: ["ApproximateReceiveCount"]))
        } catch {
            run.logger.warning("Error checking \(site.endpoints.inputQueueURL) during the command: \(error)")
            return false
        }
        var interrupting: ReceivedWork?
        for message in received.messages {
            guard let work = accept(message, on: site) else { continue }
            if work.message.commandId == run.message.commandId {
                run.work.receiptHandle = work.receiptHandle
            } else if let index = site.pending.firstIndex(where: { $0.message.commandId == work.message.commandId }) {
                site.pending[index].receiptHandle = work.receiptHandle
            } else if interrupting == nil && !run.interrupted && work.message.sessionId != run.message.sessionId {
                interrupting = work
                site.pending.append(work)
            } else {
                var waiting = run.logger
                waiting[metadataKey: "sessionId"] = "\(work.message.sessionId)"
                waiting[metadataKey: "commandId"] = "\(work.message.commandId)"
                waiting.info("Command \(work.message.commandId) queued behind \(run.message.commandId)")
                site.pending.append(work)
            }
        }
        guard let interrupting else { return false }
        interrupt(run, by: interrupting, on: site)
        return true
    }
}
