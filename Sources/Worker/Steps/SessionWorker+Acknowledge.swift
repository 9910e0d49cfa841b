import AWSPorts
import Foundation
import Logging
import Messages
import SimKernel

/// The end of step 9 for messages the worker is done with: a dead-letter copy with its reason, an answer
/// that could not be sent yet, the ledger's note that it went out, the push of the command's commits, and
/// only then the delete. A part that fails is tried again later; the message stays held meanwhile, so it
/// is neither lost nor redelivered.
extension SessionWorker {
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
        if let (body, reason) = entry.deadLetter {
            do {
                try aws.send(SendMessageRequest(
                    queueUrl: site.endpoints.deadLetterQueueURL, messageBody: body,
                    messageAttributes: [
                        "reason": .string(reason), "sourceQueue": .string(site.endpoints.inputQueueURL),
                        "originalMessageId": .string(entry.messageId), "containerId": .string(configuration.containerId),
                    ]))
                scoped.warning("Moved message \(entry.messageId) to the DLQ: \(reason)")
                entry.deadLetter = nil
            } catch {
                scoped.error("Could not move message \(entry.messageId) to the DLQ; it stays held: \(error)")
                return false
            }
        }
        if let answer = entry.answer {
            do {
                try aws.send(SendMessageRequest(queueUrl: site.endpoints.outputQueueURL, messageBody: answer))
                entry.answer = nil
            } catch {
                scoped.error("Could not send the response to \(site.endpoints.outputQueueURL); it is kept and sent again: \(error)")
                return false
            }
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
}
