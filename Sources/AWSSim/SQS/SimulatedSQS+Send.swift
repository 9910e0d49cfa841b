import AWSPorts
import GRDB
import SimKernel

extension SimulatedSQS {
    public func sendMessage(_ request: SendMessageRequest) throws(AWSError) -> SendMessageResult {
        let entry = SendMessageBatchRequestEntry(
            id: "0", messageBody: request.messageBody, delaySeconds: request.delaySeconds,
            messageAttributes: request.messageAttributes, messageSystemAttributes: request.messageSystemAttributes,
            messageDeduplicationId: request.messageDeduplicationId, messageGroupId: request.messageGroupId)
        var queueName = ""
        let result = try context.perform(
            .sqs, "SendMessage", resource: request.queueUrl, payloadBytes: request.messageBody.utf8.count
        ) { db, _ in
            let queue = try QueueRecord.load(db, url: request.queueUrl, account: context.account)
            queueName = queue.name
            let result: SendMessageResult
            var duplicate = false
            switch try prepare(db, entry, in: queue) {
            case .duplicate(let original):
                result = original
                duplicate = true
            case .new(let message):
                result = try insert(db, [message], into: queue)[0]
            }
            try context.database.appendEvent(
                db, service: .sqs, operation: duplicate ? "SendMessageDeduplicated" : "SendMessage", at: now,
                keys: ["queue": queue.name, "messageId": result.messageId, "md5OfBody": result.md5OfMessageBody])
            return result
        }
        waiters.notifyArrival(queueName: queueName)
        return result
    }

    public func sendMessageBatch(queueUrl: String, entries: [SendMessageBatchRequestEntry]) throws(AWSError)
        -> SendMessageBatchResult
    {
        let payload = entries.reduce(0) { $0 + $1.messageBody.utf8.count }
        var queueName = ""
        let result = try context.perform(
            .sqs, "SendMessageBatch", resource: queueUrl, batchEntryIDs: entries.map(\.id), payloadBytes: payload
        ) { db, decision in
            let queue = try QueueRecord.load(db, url: queueUrl, account: context.account)
            queueName = queue.name
            try validateBatchEntryIds(entries.map(\.id), entryName: "SendMessageBatchRequestEntry")
            let total = entries.reduce(0) {
                $0 + $1.messageBody.utf8.count + MessageAttributeCodec.size($1.messageAttributes)
            }
            if total > queue.maximumMessageSize {
                throw SQSErrors.batchRequestTooLong(total, limit: queue.maximumMessageSize)
            }
            var successful: [SendMessageBatchResultEntry] = []
            var failed: [BatchResultErrorEntry] = []
            var duplicates: [String] = []
            // Standard queues store the whole batch in one INSERT; FIFO entries go one by one, because
            // deduplication must see the entries before them in the same batch.
            var pending: [(id: String, message: PendingMessage)] = []
            for entry in entries {
                if let injected = decision.failedBatchEntries[entry.id] {
                    failed.append(BatchResultErrorEntry(
                        id: entry.id, code: injected.code, message: injected.message, senderFault: injected.isSenderFault))
                    continue
                }
                do {
                    switch try prepare(db, entry, in: queue) {
                    case .duplicate(let original):
                        successful.append(SendMessageBatchResultEntry(id: entry.id, result: original))
                        duplicates.append(original.messageId)
                    case .new(let message) where queue.isFifo:
                        successful.append(SendMessageBatchResultEntry(id: entry.id, result: try insert(db, [message], into: queue)[0]))
                    case .new(let message):
                        pending.append((entry.id, message))
                    }
                } catch let error as AWSError {
                    failed.append(BatchResultErrorEntry(
                        id: entry.id, code: error.code, message: error.message, senderFault: error.isSenderFault))
                }
            }
            if !pending.isEmpty {
                let results = try insert(db, pending.map(\.message), into: queue)
                successful += zip(pending, results).map { SendMessageBatchResultEntry(id: $0.0.id, result: $0.1) }
                let order = Dictionary(uniqueKeysWithValues: entries.enumerated().map { ($0.element.id, $0.offset) })
                successful.sort { order[$0.id]! < order[$1.id]! }
            }
            if !successful.isEmpty {
                try context.database.appendEvent(
                    db, service: .sqs, operation: "SendMessageBatch", at: now,
                    keys: [
                        "queue": queue.name, "messageIds": successful.map(\.result.messageId).joined(separator: ","),
                        "deduplicated": duplicates.joined(separator: ","),
                    ])
            }
            return SendMessageBatchResult(successful: successful, failed: failed)
        }
        if !result.successful.isEmpty { waiters.notifyArrival(queueName: queueName) }
        return result
    }

    func validateBatchEntryIds(_ ids: [String], entryName: String) throws(AWSError) {
        if ids.isEmpty { throw SQSErrors.emptyBatchRequest(entryName) }
        if ids.count > 10 { throw SQSErrors.tooManyEntriesInBatchRequest(ids.count) }
        for (index, id) in ids.enumerated() {
            let bytes = id.utf8
            guard !bytes.isEmpty, bytes.count <= 80, bytes.allSatisfy({ isASCIIAlphanumeric($0) || $0 == 45 || $0 == 95 })
            else { throw SQSErrors.invalidBatchEntryId() }
            // At most 10 ids: comparing with the earlier ones beats hashing.
            for earlier in ids[..<index] where earlier == id { throw SQSErrors.batchEntryIdsNotDistinct(id) }
        }
    }

    /// A validated message, ready to insert.
    struct PendingMessage {
        var messageId: String
        var body: String
        var bodyMD5: String
        var attributesJSON: String?
        var attributesMD5: String?
        var systemAttributesMD5: String?
        var traceHeader: String?
        var delaySeconds: Int
        var groupId: String?
        var dedupId: String?
    }

    enum PreparedSend {
        /// A FIFO duplicate inside the deduplication window: the original's result, nothing stored.
        case duplicate(SendMessageResult)
        case new(PendingMessage)
    }

    /// Validates one entry as SQS does and checks FIFO deduplication.
    func prepare(_ db: DatabaseAccess, _ entry: SendMessageBatchRequestEntry, in queue: QueueRecord) throws -> PreparedSend {
        let body = entry.messageBody
        if body.isEmpty { throw SQSErrors.missingParameter("MessageBody") }
        if !MessageText.isValid(body) { throw SQSErrors.invalidMessageContents() }
        try MessageAttributeCodec.validate(entry.messageAttributes)
        let traceHeader = try validateSystemAttributes(entry.messageSystemAttributes)
        let size = body.utf8.count + MessageAttributeCodec.size(entry.messageAttributes)
        if size > queue.maximumMessageSize {
            throw SQSErrors.invalidParameterValue(
                "One or more parameters are invalid. Reason: Message must be shorter than \(queue.maximumMessageSize) bytes.")
        }
        var delay = queue.delaySeconds
        if let requested = entry.delaySeconds {
            if queue.isFifo {
                throw SQSErrors.invalidParameter(
                    "DelaySeconds", value: String(requested),
                    reason: "The request include parameter that is not valid for this queue type.")
            }
            guard (0...900).contains(requested) else {
                throw SQSErrors.invalidParameter("DelaySeconds", value: String(requested), reason: "must be between 0 and 900, if provided.")
            }
            delay = requested
        }
        let attributesMD5 = MessageAttributeCodec.md5(entry.messageAttributes)
        let systemMD5 = entry.messageSystemAttributes.isEmpty ? nil : MessageAttributeCodec.md5(entry.messageSystemAttributes)
        var dedupId: String?
        if let groupId = entry.messageGroupId { try validateFifoToken("MessageGroupId", groupId) }
        if queue.isFifo {
            guard let groupId = entry.messageGroupId else { throw SQSErrors.missingParameter("MessageGroupId") }
            if let explicit = entry.messageDeduplicationId {
                try validateFifoToken("MessageDeduplicationId", explicit)
                dedupId = explicit
            } else if queue.contentBasedDeduplication {
                dedupId = Digests.sha256Hex(body)
            } else {
                throw SQSErrors.invalidParameterValue(
                    "The queue should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly")
            }
            let scope = queue.deduplicationScopeIsGroup ? groupId : ""
            if let duplicate = try db.sql(
                "SELECT message_id, sequence_number FROM sqs_dedup WHERE queue_id = ? AND scope = ? AND dedup_id = ? AND expires_ns > ?"
            ).first(.integer(queue.id), .text(scope), .text(dedupId!), .integer(now.nanosecondsSinceUnixEpoch), decode: {
                (messageId: $0.string(0), sequenceNumber: $0.optionalString(1))
            }) {
                return .duplicate(SendMessageResult(
                    messageId: duplicate.messageId, md5OfMessageBody: Digests.md5Hex(body), md5OfMessageAttributes: attributesMD5,
                    md5OfMessageSystemAttributes: systemMD5, sequenceNumber: duplicate.sequenceNumber))
            }
        } else if let explicit = entry.messageDeduplicationId {
            throw SQSErrors.invalidParameter(
                "MessageDeduplicationId", value: explicit,
                reason: "The request includes a parameter that is not valid for this queue type.")
        }
        return .new(PendingMessage(
            messageId: messageIds.uuid(), body: body, bodyMD5: Digests.md5Hex(body),
            attributesJSON: MessageAttributeCodec.encode(entry.messageAttributes), attributesMD5: attributesMD5,
            systemAttributesMD5: systemMD5, traceHeader: traceHeader, delaySeconds: delay, groupId: entry.messageGroupId,
            dedupId: dedupId))
    }

    /// Stores validated messages: one multi-row INSERT; FIFO messages also get their sequence number and a
    /// 5-minute deduplication record.
    func insert(_ db: DatabaseAccess, _ messages: [PendingMessage], into queue: QueueRecord) throws -> [SendMessageResult] {
        precondition(!queue.isFifo || messages.count == 1, "FIFO messages are inserted one at a time")
        let nowNs = now.nanosecondsSinceUnixEpoch
        let expiresNs = (now + .seconds(queue.retentionPeriod)).nanosecondsSinceUnixEpoch
        let statement = try db.sql(
            "INSERT INTO sqs_message (queue_id, message_id, body, body_md5, attributes, trace_header, sent_ns, visible_ns, expires_ns, group_id, dedup_id) VALUES",
            variant: messages.count
        ) {
            "INSERT INTO sqs_message (queue_id, message_id, body, body_md5, attributes, trace_header, sent_ns, visible_ns, "
                + "expires_ns, group_id, dedup_id) VALUES "
                + Array(repeating: "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", count: messages.count).joined(separator: ", ")
        }
        var values: [SQLiteValue] = []
        values.reserveCapacity(messages.count * 11)
        for message in messages {
            values += [
                .integer(queue.id), .text(message.messageId), .text(message.body), .text(message.bodyMD5),
                .optionalText(message.attributesJSON), .optionalText(message.traceHeader), .integer(nowNs),
                .integer((now + .seconds(message.delaySeconds)).nanosecondsSinceUnixEpoch), .integer(expiresNs),
                .optionalText(message.groupId), .optionalText(message.dedupId),
            ]
        }
        try statement.execute(values: values)
        var results: [SendMessageResult] = []
        for message in messages {
            var sequenceNumber: String?
            if queue.isFifo {
                let seq = statement.lastInsertedRowID
                sequenceNumber = try Self.takeSequenceNumber(db, queueId: queue.id)
                try db.sql("UPDATE sqs_message SET sequence_number = ? WHERE seq = ?").execute(.text(sequenceNumber!), .integer(seq))
                try db.sql(
                    "INSERT OR REPLACE INTO sqs_dedup (queue_id, scope, dedup_id, expires_ns, message_id, sequence_number) VALUES (?, ?, ?, ?, ?, ?)"
                ).execute(
                    .integer(queue.id), .text(queue.deduplicationScopeIsGroup ? message.groupId! : ""), .text(message.dedupId!),
                    .integer((now + .seconds(300)).nanosecondsSinceUnixEpoch), .text(message.messageId), .text(sequenceNumber!))
            }
            results.append(SendMessageResult(
                messageId: message.messageId, md5OfMessageBody: message.bodyMD5, md5OfMessageAttributes: message.attributesMD5,
                md5OfMessageSystemAttributes: message.systemAttributesMD5, sequenceNumber: sequenceNumber))
        }
        return results
    }

    /// The queue's next FIFO sequence number: 20 digits, strictly increasing per queue, never reused.
    static func takeSequenceNumber(_ db: DatabaseAccess, queueId: Int64) throws -> String {
        let number = try db.sql("UPDATE sqs_queue SET next_sequence_number = next_sequence_number + 1 WHERE id = ? RETURNING next_sequence_number - 1"
        ).first(.integer(queueId)) { $0.int64(0) } ?? 0
        let digits = String(number)
        return "1" + String(repeating: "0", count: max(0, 19 - digits.count)) + digits
    }

    private func validateSystemAttributes(_ attributes: [String: MessageAttributeValue]) throws(AWSError) -> String? {
        var traceHeader: String?
        for (name, value) in attributes {
            guard name == "AWSTraceHeader" else {
                throw SQSErrors.invalidParameterValue(
                    "Message system attribute name '\(name)' is invalid.")
            }
            guard value.dataType == "String", let text = value.stringValue, !text.isEmpty else {
                throw SQSErrors.invalidParameterValue(
                    "Message system attribute 'AWSTraceHeader' must have type String and a non-empty value.")
            }
            traceHeader = text
        }
        return traceHeader
    }

    /// `MessageGroupId` and `MessageDeduplicationId`: 1 to 128 alphanumeric or punctuation characters.
    private func validateFifoToken(_ name: String, _ value: String) throws(AWSError) {
        let bytes = Array(value.utf8)
        let valid = !bytes.isEmpty && bytes.count <= 128 && bytes.allSatisfy { (33...126).contains($0) }
        guard valid else {
            throw SQSErrors.invalidParameter(
                name, value: value,
                reason: "\(name) can only include alphanumeric and punctuation characters. 1 to 128 in length.")
        }
    }
}
