import AWSPorts
import Foundation
import Logging
import Messages
import SimKernel

/// Step 1: taking messages off the input queue. Each is validated (a refusal goes to the DLQ with its
/// reason), checked against the command ledger (a finished command is acknowledged, never run again; a
/// started one resumes), and held, in the order the messages were sent, until its command runs.
extension SessionWorker {
    /// The message attribute a re-sent copy carries: when the original was sent (epoch milliseconds).
    static let originalSentAtAttribute = "originalSentAt"
    /// How long a command waits when the ledger or the branch registry cannot be read or written.
    static let recordRetryPause: Duration = .seconds(5)
    /// How long a re-sent copy keeps its place before the worker stops waiting for it.
    static let copyWait: Duration = .seconds(120)
    /// Receives in a row while they come back full, before a command starts (an older message may sit
    /// behind ten newer ones).
    static let receivesPerPoll = 10

    /// Ready: first what an owner owes (acknowledgements, unpushed commits, a bucket to repair), then the
    /// next waiting command, else a long poll of the input queue. The idle timeout releases the claim, but
    /// not while work is owed.
    func pollWork(_ site: ClaimedSite) -> WorkerWake {
        acknowledge(site)
        repairBucketIfDue(site)
        pushIfDue(site)
        let idleDeadline = site.lastActivity + configuration.idleTimeout
        if site.waiting.isEmpty, !site.owesWork, now >= idleDeadline { return release(site) }
        var received: ReceiveMessageResult
        var batches = 0
        repeat {
            do {
                received = try aws.receive(receiveRequest(site, wait: site.waiting.isEmpty && batches == 0 ? configuration.longPollWaitSeconds : 0))
            } catch {
                logger.error("Error polling \(site.endpoints.inputQueueURL): \(error)")
                return .at(now + .seconds(5))
            }
            take(received.messages, on: site, during: nil)
            batches += 1
        } while received.messages.count == 10 && batches < Self.receivesPerPoll
        if let wake = startNext(site) { return wake }
        if !received.messages.isEmpty { return .at(now) }
        var wake = min(received.wakeAt ?? now + .seconds(configuration.longPollWaitSeconds), idleDeadline)
        if let due = nextDuty(site) { wake = min(wake, max(due, now)) }
        return .messageOrAt(queueURL: site.endpoints.inputQueueURL, wake)
    }

    func receiveRequest(_ site: ClaimedSite, wait: Int) -> ReceiveMessageRequest {
        ReceiveMessageRequest(
            queueUrl: site.endpoints.inputQueueURL, maxNumberOfMessages: 10,
            visibilityTimeout: Int(configuration.messageVisibility.secondsValue), waitTimeSeconds: wait,
            messageSystemAttributeNames: ["ApproximateReceiveCount", "SentTimestamp"],
            messageAttributeNames: [Self.originalSentAtAttribute])
    }

    /// The earliest instant some owed work is due.
    func nextDuty(_ site: ClaimedSite) -> Instant? {
        var instants = site.acknowledgements.map(\.notBefore)
        if let due = site.pushDue { instants.append(due) }
        if let due = site.repairDue { instants.append(due) }
        if let head = site.waiting.first {
            instants.append(head.awaitedSince.map { $0 + Self.copyWait } ?? site.startDue ?? now)
        }
        return instants.min()
    }

    /// Files what arrived; returns the commands that joined the waiting ones. A redelivery of a message
    /// already held only refreshes its receipt handle.
    @discardableResult
    func take(_ messages: [SQSMessage], on site: ClaimedSite, during run: CommandRun?) -> [ReceivedWork] {
        var queued: [ReceivedWork] = []
        for message in messages {
            let receiveCount = Int(message.attributes["ApproximateReceiveCount"] ?? "1") ?? 1
            if let run, run.work.messageId == message.messageId {
                run.work.receiptHandle = message.receiptHandle
                run.work.receiveCount = receiveCount
                continue
            }
            if let index = site.waiting.firstIndex(where: { $0.messageId == message.messageId }) {
                site.waiting[index].receiptHandle = message.receiptHandle
                site.waiting[index].receiveCount = receiveCount
                site.waiting[index].awaitedSince = nil
                continue
            }
            if let index = site.acknowledgements.firstIndex(where: { $0.messageId == message.messageId }) {
                site.acknowledgements[index].receiptHandle = message.receiptHandle
                continue
            }
            let parsed: WorkMessage
            do {
                parsed = try WorkMessage.parse(message.body, site: site.endpoints.clientId, projectId: site.endpoints.projectId)
            } catch {
                reject(message, because: error, on: site)
                continue
            }
            let commandLogger = logger(session: parsed.sessionId, command: parsed.commandId)
            let sentAt = Self.sentAt(of: message)
            func sameCommand(_ other: WorkMessage) -> Bool { other.commandId == parsed.commandId && other.sessionId == parsed.sessionId }
            let running = run.map { sameCommand($0.message) } ?? false
            let held = site.waiting.contains { sameCommand($0.message) }
                || site.acknowledgements.contains { $0.commandId == parsed.commandId && $0.sessionId == parsed.sessionId }
            if running || held {
                commandLogger.info("Command \(parsed.commandId) is already \(running ? "running" : "held") here; acknowledged the duplicate")
                acknowledgeNow(message, on: site, logger: commandLogger)
                continue
            }
            var work = ReceivedWork(
                message: parsed, messageId: message.messageId, receiptHandle: message.receiptHandle, receiveCount: receiveCount,
                sentAt: sentAt, record: .unknown)
            if receiveCount >= configuration.redriveLimit {
                // One more receive and SQS would dead-letter it without a reason: a fresh copy takes its place.
                if let copy = requeue(work, on: site, logger: commandLogger) {
                    site.enqueue(copy)
                    continue
                }
            }
            do {
                switch try ledger.record(sessionId: parsed.sessionId, commandId: parsed.commandId) {
                case nil: work.record = .new
                case let record? where record.status == .running: work.record = .started(record)
                case let record?:
                    acknowledgeFinished(work, record: record, on: site)
                    continue
                }
            } catch {
                // At most once: until the ledger says whether the command ran, it does not run.
                commandLogger.warning("Could not read the ledger for command \(parsed.commandId); it waits until it can: \(error)")
            }
            site.enqueue(work)
            queued.append(work)
        }
        return queued
    }

    /// When a message was first sent: a re-sent copy's `originalSentAt`, never later than SQS's own
    /// `SentTimestamp` (the attribute could come from anyone).
    static func sentAt(of message: SQSMessage) -> Instant {
        let sent = Int64(message.attributes["SentTimestamp"] ?? "") ?? 0
        let original = message.messageAttributes[originalSentAtAttribute]?.stringValue.flatMap { Int64($0) }
        return Instant(nanosecondsSinceUnixEpoch: min(original ?? sent, sent) * 1_000_000)
    }

    /// Re-sends a held command as a fresh copy (its original sending time kept) and deletes the old one;
    /// returns the copy's place among the waiting commands, to be filled when it arrives. Nil when the
    /// copy could not be sent (the old message then stays as it is).
    func requeue(_ work: ReceivedWork, on site: ClaimedSite, logger: Logger) -> ReceivedWork? {
        guard let handle = work.receiptHandle else { return nil }
        let sent: SendMessageResult
        do {
            sent = try aws.send(SendMessageRequest(
                queueUrl: site.endpoints.inputQueueURL, messageBody: work.message.json,
                messageAttributes: [Self.originalSentAtAttribute: .string(String(work.sentAt.unixMilliseconds))]))
        } catch {
            logger.warning("Could not re-send message \(work.messageId), received \(work.receiveCount) times; it stays as it is: \(error)")
            return nil
        }
        logger.info("Re-sent message \(work.messageId) as \(sent.messageId): it was received \(work.receiveCount) times")
        do {
            try aws.delete(queueUrl: site.endpoints.inputQueueURL, receiptHandle: handle)
        } catch {
            site.acknowledgements.append(Acknowledgement(
                messageId: work.messageId, receiptHandle: handle, sessionId: nil, commandId: nil, notBefore: now + configuration.repairInterval))
        }
        var copy = work
        copy.messageId = sent.messageId
        copy.receiptHandle = nil
        copy.receiveCount = 0
        copy.awaitedSince = now
        return copy
    }

    /// Logs why, and queues the acknowledgement: an error answer when the message says who to answer, the
    /// body to the DLQ with the (printable) reason, then the delete.
    func reject(_ message: SQSMessage, because rejection: MessageRejection, on site: ClaimedSite) {
        let refused = logger(session: rejection.known["sessionId"], command: rejection.known["commandId"])
        let reason = SafeText.printable(rejection.reason)
        refused.error("Invalid message \(message.messageId): \(reason)")
        var answer: String?
        if rejection.known["sessionId"] != nil || rejection.known["commandId"] != nil {
            answer = WorkResponse.rejection(MessageRejection(reason: reason, known: rejection.known)).json
        }
        site.acknowledgements.append(Acknowledgement(
            messageId: message.messageId, receiptHandle: message.receiptHandle, sessionId: rejection.known["sessionId"],
            commandId: rejection.known["commandId"], answer: answer, deadLetter: (message.body, reason), notBefore: now))
        acknowledge(site)
    }

    /// A redelivered command that already completed or was given up: acknowledged without running it again.
    /// What did not happen before its container stopped happens now: the answer is sent if it never went
    /// out, a given-up command's copy goes to the DLQ if it never got there.
    func acknowledgeFinished(_ work: ReceivedWork, record: CommandRecord, on site: ClaimedSite) {
        let owed = record.answered ? nil : record.answer
        let copy = record.status == .deadLettered && !record.copied
            ? (work.message.json, record.reason ?? "the command was given up") : nil
        let what = record.status == .completed ? "completed" : "dead-lettered"
        let resent = owed != nil ? ", its answer sent again" : ""
        logger(session: work.message.sessionId, command: work.message.commandId)
            .info("Command \(work.message.commandId) already \(what); acknowledged without running it again\(resent)")
        guard let handle = work.receiptHandle else { return }
        site.acknowledgements.append(Acknowledgement(
            messageId: work.messageId, receiptHandle: handle, sessionId: work.message.sessionId, commandId: work.message.commandId,
            answer: owed, markAnswered: owed != nil, deadLetter: copy, markCopied: copy != nil, notBefore: now))
    }

    /// Deletes a message now (a duplicate, a re-sent original); if that fails, it is held and deleted later.
    func acknowledgeNow(_ message: SQSMessage, on site: ClaimedSite, logger: Logger) {
        do {
            try aws.delete(queueUrl: site.endpoints.inputQueueURL, receiptHandle: message.receiptHandle)
        } catch {
            logger.warning("Could not delete message \(message.messageId); it is held and deleted later: \(error)")
            site.acknowledgements.append(Acknowledgement(
                messageId: message.messageId, receiptHandle: message.receiptHandle, sessionId: nil, commandId: nil,
                notBefore: now + configuration.repairInterval))
        }
    }

    /// Starts the first waiting command once the ledger knows it and the registry gave its branch. A
    /// command whose records cannot be read or written waits (it is held, so it keeps its place); a re-sent
    /// copy keeps its place until it arrives.
    func startNext(_ site: ClaimedSite) -> WorkerWake? {
        guard var work = site.waiting.first else { return nil }
        let commandLogger = logger(session: work.message.sessionId, command: work.message.commandId)
        if let since = work.awaitedSince {
            guard now >= since + Self.copyWait else { return nil }
            commandLogger.warning("The re-sent copy \(work.messageId) of command \(work.message.commandId) never came; no longer waiting for it")
            site.waiting.removeFirst()
            return .at(now)
        }
        if let due = site.startDue, now < due { return nil }
        func wait(_ what: String, _ error: AWSError) -> WorkerWake? {
            commandLogger.warning("Could not \(what) for command \(work.message.commandId); it waits: \(error)")
            site.startDue = now + Self.recordRetryPause
            return nil
        }
        func finished(_ record: CommandRecord) -> WorkerWake {
            site.waiting.removeFirst()
            acknowledgeFinished(work, record: record, on: site)
            return .at(now)
        }
        if case .unknown = work.record {
            do {
                guard let record = try ledger.record(sessionId: work.message.sessionId, commandId: work.message.commandId) else {
                    work.record = .new
                    site.waiting[0] = work
                    return startNext(site)
                }
                if record.status != .running { return finished(record) }
                work.record = .started(record)
                site.waiting[0] = work
            } catch {
                return wait("read the ledger", error)
            }
        }
        let branch: String
        if let known = site.branches[work.message.chatThreadId] {
            branch = known
        } else {
            do {
                let found = try registry.branch(forThread: work.message.chatThreadId, siteKey: site.endpoints.siteKey)
                if let other = found.takenBy {
                    let preferred = BranchName.preferred(forThread: work.message.chatThreadId)
                    commandLogger.warning("Branch \(preferred) belongs to thread \(other); thread \(work.message.chatThreadId) works on \(found.branch)")
                }
                branch = found.branch
                site.branches[work.message.chatThreadId] = branch
            } catch {
                return wait("find the branch", error)
            }
        }
        let record: CommandRecord
        do {
            record = try ledger.start(work.message, containerId: configuration.containerId, sentAt: work.sentAt, at: now)
        } catch where error.code == "ConditionalCheckFailedException" {
            // It finished elsewhere meanwhile: acknowledged as the ledger now says.
            do {
                guard let record = try ledger.record(sessionId: work.message.sessionId, commandId: work.message.commandId) else {
                    return wait("record the start", error)
                }
                return finished(record)
            } catch {
                return wait("read the ledger", error)
            }
        } catch {
            return wait("record the start", error)
        }
        site.waiting.removeFirst()
        site.startDue = nil
        var started = false
        if case .started = work.record { started = true }
        var pipeline = CommandPipeline(
            maxAttempts: configuration.maxAttempts,
            resume: .init(committed: record.commit != nil, deployed: record.deployed))
        if record.starts > configuration.maxStarts {
            pipeline = CommandPipeline.givingUp(
                "the command was started \(record.starts) times; its containers stopped while running it")
        }
        return begin(work, pipeline: pipeline, branch: branch, commit: record.commit, resumed: started || record.starts > 1, on: site)
    }

    /// While a command runs: takes what arrived. A message for a different session that was sent after the
    /// command began interrupts it (returns true); everything else waits its turn.
    func checkInbox(_ run: CommandRun, on site: ClaimedSite) -> Bool {
        let received: ReceiveMessageResult
        do {
            received = try aws.receive(receiveRequest(site, wait: 0))
        } catch {
            run.logger.warning("Error checking \(site.endpoints.inputQueueURL) during the command: \(error)")
            return false
        }
        var interrupting: ReceivedWork?
        for work in take(received.messages, on: site, during: run) {
            if interrupting == nil, !run.interrupted, work.message.sessionId != run.message.sessionId, work.sentAt > run.startedAt {
                interrupting = work
                continue
            }
            logger(session: work.message.sessionId, command: work.message.commandId)
                .info("Command \(work.message.commandId) queued behind \(run.message.commandId)")
        }
        guard let interrupting else { return false }
        interrupt(run, by: interrupting, on: site)
        return true
    }
}
