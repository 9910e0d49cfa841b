import Messages
import AWSPorts
import Foundation
import Logging
import SimKernel

extension SessionWorker {
    /// Registers the container row (`starting`), then waits for a claim.
    func start() -> WorkerWake {
        do {
            _ = try ports.dynamodb.putItem(PutItemRequest(tableName: configuration.containersTable, item: [
                "containerId": .s(configuration.containerId), "taskArn": .s(configuration.taskArn), "status": .s(lifecycle.status.rawValue),
                "createdAt": epochMilliseconds(now), "lastActivity": epochMilliseconds(now),
            ]))
        } catch {
            logger.warning("Could not register the container row: \(error)")
        }
        logger.info("Container starting; polling \(configuration.unclaimedQueueURL) for claim requests")
        phase = .awaitingClaim
        return .at(now)
    }

    /// Takes a claim request: a conditional write on the ownership table decides who gets the site; the
    /// loser leaves the request to reappear for someone else.
    func pollClaims() -> WorkerWake {
        let received: ReceiveMessageResult
        do {
            received = try ports.sqs.receiveMessage(ReceiveMessageRequest(
                queueUrl: configuration.unclaimedQueueURL, maxNumberOfMessages: 1, visibilityTimeout: 30,
                waitTimeSeconds: configuration.longPollSeconds))
        } catch {
            logger.error("Error polling the unclaimed queue: \(error)")
            return .at(now + .seconds(5))
        }
        guard let message = received.messages.first else {
            return .messageOrAt(queueURL: configuration.unclaimedQueueURL, received.wakeAt ?? now + .seconds(configuration.longPollSeconds))
        }
        guard let claim = ClaimRequest.parse(message.body) else {
            logger.warning("Unexpected message in the unclaimed queue, deleting it: \(message.body.prefix(200))")
            try? ports.sqs.deleteMessage(queueUrl: configuration.unclaimedQueueURL, receiptHandle: message.receiptHandle)
            return .at(now)
        }
        guard let endpoints = ports.sites.site(clientId: claim.clientId, projectId: claim.projectId) else {
            logger.warning("Claim request for unknown site \(claim.siteKey), deleting it")
            try? ports.sqs.deleteMessage(queueUrl: configuration.unclaimedQueueURL, receiptHandle: message.receiptHandle)
            return .at(now)
        }
        logger.info("Received claim request for \(claim.clientId)/\(claim.projectId)")
        do {
            _ = try ports.dynamodb.putItem(PutItemRequest(
                tableName: configuration.ownershipTable,
                item: [
                    "siteKey": .s(claim.siteKey), "containerId": .s(configuration.containerId),
                    "claimedAt": epochMilliseconds(now), "lastActivity": epochMilliseconds(now),
                    "ttl": .number((now + configuration.claimTTL).unixSeconds), "status": .s("active"),
                ],
                conditionExpression: "attribute_not_exists(siteKey) OR #ttl < :now OR lastActivity < :stale",
                expression: ExpressionParameters(names: ["#ttl": "ttl"], values: [
                    ":now": .number(now.unixSeconds), ":stale": epochMilliseconds(now - configuration.staleClaimAge),
                ])))
        } catch where error.code == "ConditionalCheckFailedException" {
            logger.info("Failed to claim \(claim.clientId)/\(claim.projectId), letting another container try")
            return .at(now)
        } catch {
            logger.error("Could not claim \(claim.siteKey): \(error)")
            return .at(now + .seconds(5))
        }
        try? ports.sqs.deleteMessage(queueUrl: configuration.unclaimedQueueURL, receiptHandle: message.receiptHandle)
        transition(.claimed(siteKey: claim.siteKey), set: "siteKey = :site", values: [":site": .s(claim.siteKey)])
        var ready = logger
        if let sessionId = claim.sessionId { ready[metadataKey: "sessionId"] = "\(sessionId)" }
        ready[metadataKey: "siteKey"] = "\(claim.siteKey)"
        ready.info("Successfully claimed \(claim.clientId)/\(claim.projectId)")
        ready.info("Container ready")
        phase = .ready(ClaimedSite(endpoints: endpoints, at: now))
        return .at(now)
    }

    /// Long-polls the site's input queue; releases the claim after the idle timeout.
    func pollWork(_ site: ClaimedSite) -> WorkerWake {
        if let next = site.pending.first {
            site.pending.removeFirst()
            return begin(next, on: site)
        }
        let idleDeadline = site.lastActivity + configuration.idleTimeout
        if now >= idleDeadline { return release(site) }
        let received: ReceiveMessageResult
        do {
            received = try ports.sqs.receiveMessage(ReceiveMessageRequest(
                queueUrl: site.endpoints.inputQueueURL, maxNumberOfMessages: 10,
                visibilityTimeout: configuration.workVisibilitySeconds, waitTimeSeconds: configuration.longPollSeconds,
                messageSystemAttributeNames: ["ApproximateReceiveCount"]))
        } catch {
            logger.error("Error polling \(site.endpoints.inputQueueURL): \(error)")
            return .at(now + .seconds(5))
        }
        guard !received.messages.isEmpty else {
            let wake = min(received.wakeAt ?? now + .seconds(configuration.longPollSeconds), idleDeadline)
            return .messageOrAt(queueURL: site.endpoints.inputQueueURL, wake)
        }
        // Messages that were already waiting run in arrival order; only later arrivals can interrupt.
        var accepted: [ReceivedWork] = []
        for message in received.messages {
            guard let work = accept(message, on: site) else { continue }
            if let index = accepted.firstIndex(where: { $0.message.commandId == work.message.commandId }) {
                accepted[index].receiptHandle = work.receiptHandle
            } else {
                accepted.append(work)
            }
        }
        guard let first = accepted.first else { return .at(now) }
        site.pending += accepted.dropFirst()
        return begin(first, on: site)
    }

    /// Releases an idle claim: deletes the ownership row (only if still ours) and marks the container idle.
    func release(_ site: ClaimedSite) -> WorkerWake {
        do {
            _ = try ports.dynamodb.deleteItem(DeleteItemRequest(
                tableName: configuration.ownershipTable, key: tableKey("siteKey", site.endpoints.siteKey),
                conditionExpression: "containerId = :me", expression: ExpressionParameters(values: [":me": .s(configuration.containerId)])))
        } catch where error.code == "ConditionalCheckFailedException" {
            logger.warning("The claim on \(site.endpoints.siteKey) was no longer ours")
        } catch {
            logger.error("Could not release the claim on \(site.endpoints.siteKey): \(error)")
        }
        transition(.released, remove: "siteKey")
        let idle = now - site.lastActivity
        logger.info("Released claim on \(site.endpoints.siteKey) after \(Int(idle.secondsValue)) s idle")
        phase = .awaitingClaim
        return .at(now)
    }

    /// SIGTERM: saves work in progress, hands the messages it holds back to the queue (visible at once, for
    /// whichever container takes the site next), releases the claim and stops.
    func shutDown() -> WorkerWake {
        switch phase {
        case .busy(let site, let run):
            saveWorkInProgress(run, on: site, reason: "container stopping")
            returnToQueue([run.work] + site.pending, on: site)
            _ = release(site)
        case .ready(let site):
            returnToQueue(site.pending, on: site)
            _ = release(site)
        default:
            break
        }
        transition(.stopRequested, remove: "siteKey")
        logger.info("Container stopping")
        phase = .stopped
        return .stopped
    }

    /// Makes received messages visible again now instead of after their visibility timeout.
    func returnToQueue(_ works: [ReceivedWork], on site: ClaimedSite) {
        guard !works.isEmpty else { return }
        site.pending.removeAll()
        var returned = 0
        for work in works {
            do {
                try AWSRetry.call { () throws(AWSError) in
                    try ports.sqs.changeMessageVisibility(
                        queueUrl: site.endpoints.inputQueueURL, receiptHandle: work.receiptHandle, visibilityTimeout: 0)
                }
                returned += 1
            } catch {
                logger.warning("Could not return command \(work.message.commandId) to the queue; it returns after its visibility timeout: \(error)")
            }
        }
        logger.info("Returned \(returned) message(s) to \(site.endpoints.inputQueueURL)")
    }
}
