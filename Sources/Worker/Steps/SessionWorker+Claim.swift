import AWSPorts
import Foundation
import Logging
import Messages
import SimKernel

/// Start-up, claims, the heartbeat, the idle release and SIGTERM (SPEC section 3, before and after the steps).
extension SessionWorker {
    /// Registers the container row (`starting`), then waits for a claim.
    func start() -> WorkerWake {
        do {
            try aws.putItem(PutItemRequest(tableName: configuration.containersTable, item: [
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

    /// Takes a claim request: a conditional write on the ownership table decides who gets the site. The loser
    /// leaves the request to reappear for someone else, unless the site has a live owner (then it is
    /// redundant and deleted).
    func pollClaims() -> WorkerWake {
        let received: ReceiveMessageResult
        do {
            received = try aws.receive(ReceiveMessageRequest(
                queueUrl: configuration.unclaimedQueueURL, maxNumberOfMessages: 1, visibilityTimeout: 30,
                waitTimeSeconds: configuration.longPollWaitSeconds))
        } catch {
            logger.error("Error polling the unclaimed queue: \(error)")
            return .at(now + .seconds(5))
        }
        guard let message = received.messages.first else {
            return .messageOrAt(queueURL: configuration.unclaimedQueueURL, received.wakeAt ?? now + .seconds(configuration.longPollWaitSeconds))
        }
        guard let claim = ClaimRequest.parse(message.body) else {
            logger.warning("Unexpected message in the unclaimed queue, deleting it: \(SafeText.printable(String(message.body.prefix(200))))")
            deleteClaimRequest(message)
            return .at(now)
        }
        guard let endpoints = sites.endpoints(clientId: claim.clientId, projectId: claim.projectId) else {
            logger.warning("Claim request for unknown site \(claim.siteKey), deleting it")
            deleteClaimRequest(message)
            return .at(now)
        }
        logger.info("Received claim request for \(claim.clientId)/\(claim.projectId)")
        do {
            try aws.putItem(PutItemRequest(
                tableName: configuration.ownershipTable,
                item: [
                    "siteKey": .s(claim.siteKey), "containerId": .s(configuration.containerId),
                    "claimedAt": epochMilliseconds(now), "lastActivity": epochMilliseconds(now),
                    "ttl": .number((now + configuration.claimLifetime).unixSeconds), "status": .s("active"),
                ],
                conditionExpression: "attribute_not_exists(siteKey) OR #ttl < :now",
                expression: ExpressionParameters(names: ["#ttl": "ttl"], values: [":now": .number(now.unixSeconds)])))
        } catch where error.code == "ConditionalCheckFailedException" {
            logger.info("Failed to claim \(claim.clientId)/\(claim.projectId): it has a live owner; the claim request is redundant")
            deleteClaimRequest(message)
            return .at(now)
        } catch {
            logger.error("Could not claim \(claim.siteKey): \(error)")
            return .at(now + .seconds(5))
        }
        deleteClaimRequest(message)
        transition(.claimed(siteKey: claim.siteKey), set: "siteKey = :site", values: [":site": .s(claim.siteKey)])
        var ready = logger
        if let sessionId = claim.sessionId { ready[metadataKey: "sessionId"] = "\(sessionId)" }
        ready[metadataKey: "siteKey"] = "\(claim.siteKey)"
        ready.info("\(LogLine.claimed) \(claim.clientId)/\(claim.projectId)")
        let site = ClaimedSite(endpoints: endpoints, at: now)
        phase = .ready(site)
        // A site is checked when it is claimed: its workspace may have been left broken, its commits unpushed
        // or its bucket half-synced by a container that died.
        checkHealth(of: site, logger: ready)
        ready.info("\(LogLine.containerReady)")
        return .at(now)
    }

    private func deleteClaimRequest(_ message: SQSMessage) {
        do {
            try aws.delete(queueUrl: configuration.unclaimedQueueURL, receiptHandle: message.receiptHandle)
        } catch {
            logger.warning("Could not delete the claim request; it comes back after its visibility timeout: \(error)")
        }
    }

    /// Every `heartbeatInterval` while a site is claimed: extends the visibility of every message held and
    /// the claim's `ttl`. Returns false when the site was dropped: the claim is someone else's, or it could not
    /// be refreshed for so long that it may have lapsed (another container may be working there already).
    func heartbeatIfDue(_ site: ClaimedSite) -> Bool {
        guard now - site.lastHeartbeat >= configuration.heartbeatInterval else { return true }
        site.lastHeartbeat = now
        var held = site.heldHandles
        if case .busy(_, let run) = phase, let handle = run.work.receiptHandle { held.append((run.work.messageId, handle)) }
        if !held.isEmpty {
            let seconds = Int(configuration.messageVisibility.secondsValue)
            let entries = held.enumerated().map { index, message in
                ChangeMessageVisibilityBatchRequestEntry(id: "m\(index)", receiptHandle: message.receiptHandle, visibilityTimeout: seconds)
            }
            do {
                let failed = try aws.changeVisibility(queueUrl: site.endpoints.inputQueueURL, entries: entries)
                for failure in failed { logger.warning("Could not extend a held message's visibility: \(failure.code) \(failure.message)") }
            } catch {
                logger.warning("Could not extend the visibility of \(held.count) held message(s): \(error)")
            }
        }
        updateContainerRow("SET lastActivity = :now", values: [":now": epochMilliseconds(now)])
        do {
            try aws.updateItem(UpdateItemRequest(
                tableName: configuration.ownershipTable, key: tableKey("siteKey", site.endpoints.siteKey),
                updateExpression: "SET lastActivity = :now, #ttl = :ttl", conditionExpression: "containerId = :me",
                expression: ExpressionParameters(names: ["#ttl": "ttl"], values: [
                    ":now": epochMilliseconds(now), ":ttl": .number((now + configuration.claimLifetime).unixSeconds),
                    ":me": .s(configuration.containerId),
                ])))
            site.claimConfirmedAt = now
        } catch where error.code == "ConditionalCheckFailedException" {
            logger.warning("The claim on \(site.endpoints.siteKey) is no longer this container's; dropping the site")
            dropSite(site)
            return false
        } catch {
            logger.warning("Could not refresh the claim on \(site.endpoints.siteKey): \(error)")
            if now - site.claimConfirmedAt >= configuration.claimLifetime - configuration.heartbeatInterval {
                let silent = Int((now - site.claimConfirmedAt).secondsValue)
                logger.warning("The claim on \(site.endpoints.siteKey) could not be refreshed for \(silent) s and may lapse before the next try; dropping the site")
                dropSite(site)
                return false
            }
        }
        return true
    }

    /// Another container owns the site now, or may: stop what runs without keeping any of its work (the
    /// workspace and the bucket may be someone else's already; the next owner resumes the command from the
    /// ledger), hand every message back, and wait for claims again.
    func dropSite(_ site: ClaimedSite) {
        var held = site.heldWork
        if case .busy(_, let run) = phase {
            abandonTools(of: run)
            handBackStart(of: run)
            held.append(run.work)
        }
        handBack(held, acknowledgements: site.acknowledgements, on: site)
        transition(.released, remove: "siteKey")
        phase = .awaitingClaim
    }

    /// Releases an idle claim after checking the site: deletes the ownership row (only if still ours) and
    /// marks the container idle. Not while work is owed (a push, a bucket repair): the check runs again later.
    func release(_ site: ClaimedSite) -> WorkerWake {
        checkHealth(of: site, logger: logger)
        guard !site.owesWork else {
            logger.warning("Not releasing \(site.endpoints.siteKey) yet: a push or a bucket repair is still owed")
            site.lastActivity = now
            return .at(now)
        }
        deleteClaim(site)
        transition(.released, remove: "siteKey")
        let idle = now - site.lastActivity
        logger.info("Released claim on \(site.endpoints.siteKey) after \(Int(idle.secondsValue)) s idle")
        phase = .awaitingClaim
        return .at(now)
    }

    private func deleteClaim(_ site: ClaimedSite) {
        do {
            try aws.deleteItem(DeleteItemRequest(
                tableName: configuration.ownershipTable, key: tableKey("siteKey", site.endpoints.siteKey),
                conditionExpression: "containerId = :me", expression: ExpressionParameters(values: [":me": .s(configuration.containerId)])))
        } catch where error.code == "ConditionalCheckFailedException" {
            logger.warning("The claim on \(site.endpoints.siteKey) was no longer ours")
        } catch {
            logger.error("Could not release the claim on \(site.endpoints.siteKey): \(error)")
        }
    }

    /// SIGTERM: saves work in progress, tries what is owed (a push, a bucket repair), hands every message it
    /// holds back to the queue (visible at once, for whichever container takes the site next), and releases
    /// the claim, but only if every message went back: otherwise the claim lapses after their visibility,
    /// so no other container starts a newer command before an older one is visible again.
    func shutDown() -> WorkerWake {
        if let site = claimedSite {
            var held = site.heldWork
            if case .busy(_, let run) = phase {
                saveWorkInProgress(run, on: site, reason: "container stopping")
                handBackStart(of: run)
                held.append(run.work)
            } else {
                pushIfDue(site)
                repairBucketIfDue(site)
            }
            if handBack(held, acknowledgements: site.acknowledgements, on: site) {
                deleteClaim(site)
            } else {
                logger.warning("Not releasing the claim on \(site.endpoints.siteKey): some messages could not be handed back; it lapses")
            }
        }
        transition(.stopRequested, remove: "siteKey")
        logger.info("Container stopping")
        phase = .stopped
        return .stopped
    }

    /// A command stopped in good order does not count as one its container died running.
    private func handBackStart(of run: CommandRun) {
        do {
            try ledger.handBack(sessionId: run.message.sessionId, commandId: run.message.commandId)
        } catch {
            run.logger.warning("Could not record that command \(run.message.commandId) was handed back: \(error)")
        }
    }

    /// Gives held messages back to the queue now instead of after their visibility timeout. A command one
    /// receive away from SQS's redrive limit is re-sent as a fresh copy instead (SQS would dead-letter it
    /// without a reason on its next receive). Returns whether every message went back.
    @discardableResult
    func handBack(_ works: [ReceivedWork], acknowledgements: [Acknowledgement], on site: ClaimedSite) -> Bool {
        site.waiting.removeAll()
        site.acknowledgements.removeAll()
        var visible: [(messageId: String, receiptHandle: String)] = acknowledgements.map { ($0.messageId, $0.receiptHandle) }
        var complete = true
        for work in works {
            guard let handle = work.receiptHandle else { continue }
            if work.receiveCount >= configuration.redriveLimit - 1 {
                if requeue(work, on: site, logger: logger(session: work.message.sessionId, command: work.message.commandId)) == nil {
                    complete = false
                }
                continue
            }
            visible.append((work.messageId, handle))
        }
        guard !visible.isEmpty else { return complete }
        let entries = visible.enumerated().map { index, message in
            ChangeMessageVisibilityBatchRequestEntry(id: "m\(index)", receiptHandle: message.receiptHandle, visibilityTimeout: 0)
        }
        var returned = visible.count
        do {
            let failed = try aws.changeVisibility(queueUrl: site.endpoints.inputQueueURL, entries: entries)
            returned -= failed.count
            for failure in failed {
                logger.warning("Could not return a message to the queue; it returns after its visibility timeout: \(failure.code)")
            }
        } catch {
            returned = 0
            logger.warning("Could not return \(visible.count) message(s) to the queue; they return after their visibility timeout: \(error)")
        }
        logger.info("Returned \(returned) message(s) to \(site.endpoints.inputQueueURL)")
        return complete && returned == visible.count
    }
}
