import AWSPorts
import GRDB
import SimKernel

extension SimulatedSQS {
    public func receiveMessage(_ request: ReceiveMessageRequest) throws(AWSError) -> ReceiveMessageResult {
        try context.perform(.sqs, "ReceiveMessage", resource: request.queueUrl) { db, _ in
            let queue = try QueueRecord.load(db, url: request.queueUrl, account: context.account)
            guard (1...10).contains(request.maxNumberOfMessages) else {
                throw SQSErrors.invalidParameter(
                    "MaxNumberOfMessages", value: String(request.maxNumberOfMessages),
                    reason: "Must be between 1 and 10, if provided.")
            }
            let visibility = request.visibilityTimeout ?? queue.visibilityTimeout
            guard (0...43_200).contains(visibility) else {
                throw SQSErrors.invalidParameter(
                    "VisibilityTimeout", value: String(visibility), reason: "Must be between 0 and 43200, if provided.")
            }
            let wait = request.waitTimeSeconds ?? queue.receiveWaitTime
            guard (0...20).contains(wait) else {
                throw SQSErrors.invalidParameter(
                    "WaitTimeSeconds", value: String(wait), reason: "Must be >= 0 and <= 20, if provided.")
            }
            if let attemptId = request.receiveRequestAttemptId, queue.isFifo,
                let repeated = try repeatAttempt(db, queue: queue, attemptId: attemptId, visibility: visibility, request: request)
            {
                return ReceiveMessageResult(messages: repeated, wakeAt: nil)
            }
            var wanted = request.maxNumberOfMessages
            if wait == 0, case .sampled(let emptyProbability) = options.shortPoll {
                if sampling.chance(emptyProbability) { return ReceiveMessageResult(messages: [], wakeAt: nil) }
                wanted = sampling.uniform(in: 1...wanted)
            }
            let received = try receive(db, queue: queue, count: wanted, visibility: visibility)
            if let attemptId = request.receiveRequestAttemptId, queue.isFifo, !received.isEmpty {
                try rememberAttempt(db, queue: queue, attemptId: attemptId, received: received)
            }
            let systemNames = Set(request.messageSystemAttributeNames)
            let messages = received.map { message(from: $0, systemNames: systemNames, request: request) }
            if !received.isEmpty {
                try context.database.appendEvent(
                    db, service: .sqs, operation: "ReceiveMessage", at: now,
                    keys: [
                        "queue": queue.name, "messageIds": received.map(\.messageId).joined(separator: ","),
                        "receiveCounts": received.map { String($0.receiveCount) }.joined(separator: ","),
                    ])
            }
            var wakeAt: Instant?
            var waitEndsAt: Instant?
            if messages.isEmpty && wait > 0 {
                let deadline = now + .seconds(wait)
                waitEndsAt = deadline
                let next = try Int64.fetchOne(
                    db.grdb.cachedStatement(sql: "SELECT MIN(visible_ns) FROM sqs_message WHERE queue_id = ? AND visible_ns > ?"),
                    arguments: [queue.id, now.nanosecondsSinceUnixEpoch])
                wakeAt = next.map { min(deadline, Instant(nanosecondsSinceUnixEpoch: $0)) } ?? deadline
            }
            return ReceiveMessageResult(messages: messages, wakeAt: wakeAt, waitEndsAt: waitEndsAt)
        }
    }

    /// A message as selected; once received it carries its new receive count and receipt handle.
    struct MessageRow {
        var seq: Int64
        var messageId: String
        var body: String
        var bodyMD5: String
        var attributes: String?
        var traceHeader: String?
        var sentNs: Int64
        var expiresNs: Int64
        var receiveCount: Int64
        var firstReceiveNs: Int64?
        var groupId: String?
        var dedupId: String?
        var sequenceNumber: String?
        var dlqSourceArn: String?
        var receiptHandle = ""

        init(_ row: SQLiteRow) {
            seq = row.int64(0)
            messageId = row.string(1)
            body = row.string(2)
            bodyMD5 = row.string(3)
            attributes = row.optionalString(4)
            traceHeader = row.optionalString(5)
            sentNs = row.int64(6)
            expiresNs = row.int64(7)
            receiveCount = row.int64(8)
            firstReceiveNs = row.optionalInt64(9)
            groupId = row.optionalString(10)
            dedupId = row.optionalString(11)
            sequenceNumber = row.optionalString(12)
            dlqSourceArn = row.optionalString(13)
        }
    }

    /// Takes up to `count` visible messages: expired ones are dropped, ones past `maxReceiveCount` move to
    /// the dead-letter queue on this receive, the rest become in flight with a new receipt handle.
    private func receive(_ db: DatabaseAccess, queue: QueueRecord, count: Int, visibility: Int) throws -> [MessageRow] {
        let nowNs = now.nanosecondsSinceUnixEpoch
        let candidates: PreparedSQL
        if queue.isFifo {
            candidates = try db.sql("""
                SELECT seq, message_id, body, body_md5, attributes, trace_header, sent_ns, expires_ns, receive_count,
                    first_receive_ns, group_id, dedup_id, sequence_number, dlq_source_arn
                FROM sqs_message m
                WHERE m.queue_id = ?1 AND m.visible_ns <= ?2 AND NOT EXISTS (
                    SELECT 1 FROM sqs_message p
                    WHERE p.queue_id = ?1 AND p.group_id = m.group_id AND p.seq < m.seq AND p.visible_ns > ?2)
                ORDER BY m.seq LIMIT ?3
                """)
        } else {
            candidates = try db.sql("""
                SELECT seq, message_id, body, body_md5, attributes, trace_header, sent_ns, expires_ns, receive_count,
                    first_receive_ns, group_id, dedup_id, sequence_number, dlq_source_arn
                FROM sqs_message
                WHERE queue_id = ?1 AND visible_ns <= ?2 ORDER BY visible_ns, seq LIMIT ?3
                """)
        }
        let visibleAt = (now + .seconds(visibility)).nanosecondsSinceUnixEpoch
        var received: [MessageRow] = []
        var deadLetterQueue: QueueRecord??
        // With a visibility timeout of 0 a message taken in this call is still visible: `seen` keeps one call from
        // returning it twice (SQS never does).
        var seen: Set<Int64> = []
        while received.count < count {
            let rows = try candidates.all(
                .integer(queue.id), .integer(nowNs), .int(count - received.count + seen.count), decode: MessageRow.init
            ).filter { seen.insert($0.seq).inserted }
            if rows.isEmpty { break }
            // Nonces are a random base plus the row's seq: unguessable, distinct, and settable in one UPDATE.
            let nonceBase = Int64(bitPattern: handleNonces.word() >> 2)
            var taken: [Int64] = []
            for row in rows {
                if row.expiresNs <= nowNs {
                    try dropExpired(db, seq: row.seq, messageId: row.messageId, queue: queue)
                    continue
                }
                if let policy = queue.redrivePolicy, row.receiveCount >= Int64(policy.maxReceiveCount) {
                    if deadLetterQueue == nil {
                        deadLetterQueue = .some(try QueueRecord.load(db, arn: policy.deadLetterTargetArn, account: context.account))
                    }
                    if let target = deadLetterQueue!, target.isFifo == queue.isFifo {
                        try moveToDeadLetterQueue(db, row, from: queue, to: target)
                        continue
                    }
                }
                var message = row
                message.receiveCount += 1
                message.firstReceiveNs = row.firstReceiveNs ?? nowNs
                message.receiptHandle = ReceiptHandle(
                    queueId: queue.id, messageSeq: row.seq, receiveCount: message.receiveCount, nonce: nonceBase + row.seq
                ).encode()
                taken.append(row.seq)
                received.append(message)
            }
            if !taken.isEmpty {
                let update = try db.sql(
                    "UPDATE sqs_message SET receive_count = receive_count + 1, first_receive_ns = COALESCE(first_receive_ns, ?1), last_receive_ns = ?1, visible_ns = ?2, receipt_nonce = ?3 + seq WHERE seq IN",
                    variant: taken.count
                ) {
                    "UPDATE sqs_message SET receive_count = receive_count + 1, first_receive_ns = COALESCE(first_receive_ns, ?1), "
                        + "last_receive_ns = ?1, visible_ns = ?2, receipt_nonce = ?3 + seq WHERE seq IN ("
                        + (0..<taken.count).map { "?\($0 + 4)" }.joined(separator: ", ") + ")"
                }
                try update.execute(values: [.integer(nowNs), .integer(visibleAt), .integer(nonceBase)] + taken.map { .integer($0) })
            }
        }
        return received
    }

    private func dropExpired(_ db: DatabaseAccess, seq: Int64, messageId: String, queue: QueueRecord) throws {
        try db.sql("DELETE FROM sqs_message WHERE seq = ?").execute(.integer(seq))
        try context.database.appendEvent(
            db, service: .sqs, operation: "MessageRetentionExpired", at: now,
            keys: ["queue": queue.name, "messageId": messageId])
    }

    /// Moves a message to the dead-letter queue: same id, body and attributes, `DeadLetterQueueSourceArn`
    /// set. A standard queue keeps the original enqueue time for retention; a FIFO queue restarts it.
    private func moveToDeadLetterQueue(_ db: DatabaseAccess, _ row: MessageRow, from source: QueueRecord, to target: QueueRecord)
        throws
    {
        let retentionStart = target.isFifo ? now : Instant(nanosecondsSinceUnixEpoch: row.sentNs)
        let insert = try db.sql("""
            INSERT INTO sqs_message (queue_id, message_id, body, body_md5, attributes, trace_header, sent_ns,
                visible_ns, expires_ns, receive_count, first_receive_ns, group_id, dedup_id, dlq_source_arn)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        try insert.execute(
            .integer(target.id), .text(row.messageId), .text(row.body), .text(row.bodyMD5), .optionalText(row.attributes),
            .optionalText(row.traceHeader), .integer(row.sentNs), .integer(now.nanosecondsSinceUnixEpoch),
            .integer((retentionStart + .seconds(target.retentionPeriod)).nanosecondsSinceUnixEpoch),
            .integer(row.receiveCount), .optionalInteger(row.firstReceiveNs), .optionalText(row.groupId),
            .optionalText(row.dedupId), .text(source.arn))
        if target.isFifo {
            let newSeq = insert.lastInsertedRowID
            try db.sql("UPDATE sqs_message SET sequence_number = ? WHERE seq = ?")
                .execute(.text(try Self.takeSequenceNumber(db, queueId: target.id)), .integer(newSeq))
        }
        try db.sql("DELETE FROM sqs_message WHERE seq = ?").execute(.integer(row.seq))
        try context.database.appendEvent(
            db, service: .sqs, operation: "MoveToDeadLetterQueue", at: now,
            keys: [
                "queue": source.name, "deadLetterQueue": target.name, "messageId": row.messageId,
                "receiveCount": String(row.receiveCount),
            ])
        waiters.notifyArrival(queueName: target.name)
    }

    /// A retried FIFO receive with the same attempt id, within 5 minutes, while none of its messages was
    /// deleted or changed: the same messages and handles again, with their visibility timeout reset.
    private func repeatAttempt(
        _ db: DatabaseAccess, queue: QueueRecord, attemptId: String, visibility: Int, request: ReceiveMessageRequest
    ) throws -> [SQSMessage]? {
        guard let row = try Row.fetchOne(
            db.grdb.cachedStatement(
                sql: "SELECT message_seqs, receipt_handles FROM sqs_receive_attempt WHERE queue_id = ? AND attempt_id = ? AND expires_ns > ?"),
            arguments: [queue.id, attemptId, now.nanosecondsSinceUnixEpoch])
        else { return nil }
        let seqs = (row[0] as String).split(separator: ",").compactMap { Int64($0) }
        let handles = (row[1] as String).split(separator: ",").map(String.init)
        var repeated: [MessageRow] = []
        let lookup = try db.sql(
            """
            SELECT seq, message_id, body, body_md5, attributes, trace_header, sent_ns, expires_ns, receive_count,
                first_receive_ns, group_id, dedup_id, sequence_number, dlq_source_arn, receipt_nonce
            FROM sqs_message WHERE seq = ?
            """)
        for (seq, handle) in zip(seqs, handles) {
            guard let found = try lookup.first(.integer(seq), decode: { (MessageRow($0), $0.optionalInt64(14)) }),
                found.1 == ReceiptHandle(decoding: handle)?.nonce
            else { return nil }
            var message = found.0
            message.receiptHandle = handle
            repeated.append(message)
        }
        let visibleAt = (now + .seconds(visibility)).nanosecondsSinceUnixEpoch
        for message in repeated {
            try db.sql("UPDATE sqs_message SET visible_ns = ? WHERE seq = ?").execute(.integer(visibleAt), .integer(message.seq))
        }
        try context.database.appendEvent(
            db, service: .sqs, operation: "ReceiveMessageRepeated", at: now,
            keys: ["queue": queue.name, "attemptId": attemptId, "messageIds": repeated.map(\.messageId).joined(separator: ",")])
        let systemNames = Set(request.messageSystemAttributeNames)
        return repeated.map { message(from: $0, systemNames: systemNames, request: request) }
    }

    private func rememberAttempt(_ db: DatabaseAccess, queue: QueueRecord, attemptId: String, received: [MessageRow]) throws {
        try db.grdb.cachedStatement(
            sql: "INSERT OR REPLACE INTO sqs_receive_attempt (queue_id, attempt_id, expires_ns, message_seqs, receipt_handles) VALUES (?, ?, ?, ?, ?)"
        ).execute(arguments: [
            queue.id, attemptId, (now + .seconds(300)).nanosecondsSinceUnixEpoch,
            received.map { String($0.seq) }.joined(separator: ","), received.map(\.receiptHandle).joined(separator: ","),
        ])
    }

    private func message(from row: MessageRow, systemNames names: Set<String>, request: ReceiveMessageRequest) -> SQSMessage {
        var attributes: [String: String] = [:]
        if !names.isEmpty {
            let all = names.contains("All")
            func add(_ name: String, _ value: String?) {
                if let value, all || names.contains(name) { attributes[name] = value }
            }
            add("SenderId", senderId)
            add("SentTimestamp", String(Instant(nanosecondsSinceUnixEpoch: row.sentNs).unixMilliseconds))
            add("ApproximateReceiveCount", String(row.receiveCount))
            add("ApproximateFirstReceiveTimestamp", row.firstReceiveNs.map { String(Instant(nanosecondsSinceUnixEpoch: $0).unixMilliseconds) })
            add("MessageGroupId", row.groupId)
            add("MessageDeduplicationId", row.dedupId)
            add("SequenceNumber", row.sequenceNumber)
            add("DeadLetterQueueSourceArn", row.dlqSourceArn)
            add("AWSTraceHeader", row.traceHeader)
        }
        var selected: [String: MessageAttributeValue] = [:]
        if row.attributes != nil, !request.messageAttributeNames.isEmpty {
            selected = MessageAttributeCodec.select(MessageAttributeCodec.decode(row.attributes), names: request.messageAttributeNames)
        }
        return SQSMessage(
            messageId: row.messageId, receiptHandle: row.receiptHandle, body: row.body, md5OfBody: row.bodyMD5,
            md5OfMessageAttributes: MessageAttributeCodec.md5(selected), attributes: attributes,
            messageAttributes: selected)
    }
}
