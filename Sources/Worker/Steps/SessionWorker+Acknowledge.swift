import AWSPorts
import Foundation
import Logging
import Messages
import SimKernel

/// The end of step 9 for messages the worker is done with: an answer that could not be sent yet and the
/// ledger's note that it went out, a dead-letter copy with its reason and the ledger's note of it, the push
/// of the command's commits, and only then the delete. A part that fails is tried again later; the message
/// stays held meanwhile, so it is neither lost nor redelivered.
extension SessionWorker {
    /// The largest body a DLQ copy carries: SQS takes 256 KiB in all, and the copy's attributes need room.
    static let deadLetterBodyLimit = 256 * 1024 - 4096

    func acknowledge(_ site: ClaimedSite) {
        var index = 0
        while index < site.acknowledgements.count {
            guard site.acknowledgements[index].notBefore <= now else {
                index += 1
                continue
            }
            if finishAcknowledgement(&site.acknowledgements[index], on: site) {
                site.acknowledgements.remove(at: index)
            } else {
                site.acknowledgements[index].notBefore = now + configuration.repairInterval
                index += 1
            }
        }
    }

    /// Does what is left of one acknowledgement; true once the message is deleted.
    private func finishAcknowledgement(_ entry: inout Acknowledgement, on site: ClaimedSite) -> Bool {
        let scoped = logger(session: entry.sessionId, command: entry.commandId)
        if let answer = entry.answer {
            guard sendAnswer(answer, on: site, logger: scoped) else { return false }
            entry.answer = nil
        }
        if entry.markAnswered, let sessionId = entry.sessionId, let commandId = entry.commandId {
            do {
                try ledger.recordAnswered(sessionId: sessionId, commandId: commandId)
                entry.markAnswered = false
            } catch {
                scoped.warning("Could not record that the answer went out; the message stays held: \(error)")
                return false
            }
        }
        if let (body, reason) = entry.deadLetter {
            guard copyToDeadLetterQueue(body, reason: reason, messageId: entry.messageId, on: site, logger: scoped) else { return false }
            entry.deadLetter = nil
        }
        if entry.markCopied, let sessionId = entry.sessionId, let commandId = entry.commandId {
            do {
                try ledger.recordCopied(sessionId: sessionId, commandId: commandId)
                entry.markCopied = false
            } catch {
                scoped.warning("Could not record that the DLQ copy went out; the message stays held: \(error)")
                return false
            }
        }
        if entry.waitForPush {
            guard pushUnpushed(site, logger: scoped) else { return false }
            entry.waitForPush = false
        }
        do {
            try aws.delete(queueUrl: site.endpoints.inputQueueURL, receiptHandle: entry.receiptHandle)
        } catch {
            scoped.error("Could not delete the message from \(site.endpoints.inputQueueURL); it stays held: \(error)")
            return false
        }
        return true
    }

    /// Copies a body to the site's DLQ with the reason. A body too large to go with the attributes is cut (on
    /// a character boundary) and says so (`truncatedFrom`: the original size in bytes).
    func copyToDeadLetterQueue(_ body: String, reason: String, messageId: String, on site: ClaimedSite, logger: Logger) -> Bool {
        var copy = body
        var attributes: [String: MessageAttributeValue] = [
            "reason": .string(reason), "sourceQueue": .string(site.endpoints.inputQueueURL),
            "originalMessageId": .string(messageId), "containerId": .string(configuration.containerId),
        ]
        if body.utf8.count > Self.deadLetterBodyLimit {
            var cut = body.utf8.prefix(Self.deadLetterBodyLimit)
            while String(cut) == nil { cut = cut.dropLast() }
            copy = String(cut)!
            attributes["truncatedFrom"] = .string(String(body.utf8.count))
        }
        do {
            try aws.send(SendMessageRequest(queueUrl: site.endpoints.deadLetterQueueURL, messageBody: copy, messageAttributes: attributes))
        } catch {
            logger.error("Could not move message \(messageId) to the DLQ; it stays held: \(error)")
            return false
        }
        logger.warning("Moved message \(messageId) to the DLQ: \(reason)")
        return true
    }
}
