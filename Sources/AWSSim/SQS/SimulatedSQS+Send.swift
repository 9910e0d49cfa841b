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
            return try store(db, entry, in: queue)
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
            for entry in entries {
                if let injected = decision.failedBatchEntries[entry.id] {
                    failed.append(BatchResultErrorEntry(
                        id: entry.id, code: injected.code, message: injected.message, senderFault: injected.isSenderFault))
                    continue
                }
                do {
                    successful.append(SendMessageBatchResultEntry(id: entry.id, result: try store(db, entry, in: queue)))
                } catch let error as AWSError {
                    failed.append(BatchResultErrorEntry(
                        id: entry.id, code: error.code, message: error.message, senderFault: error.isSenderFault))
                }
            }
            return SendMessageBatchResult(successful: successful, failed: failed)
        }
        if !result.successful.isEmpty { waiters.notifyArrival(queueName: queueName) }
        return result
    }

    func validateBatchEntryIds(_ ids: [String], entryName: String) throws(AWSError) {
        if ids.isEmpty { throw SQSErrors.emptyBatchRequest(entryName) }
        if ids.count > 10 { throw SQSErrors.tooManyEntriesInBatchRequest(ids.count) }
        var seen: Set<String> = []
        for id in ids {
            let bytes = Array(id.utf8)
            guard !bytes.isEmpty, bytes.count <= 80, bytes.allSatisfy({ isASCIIAlphanumeric($0) || $0 == 45 || $0 == 95 })
            else { throw SQSErrors.invalidBatchEntryId() }
            guard seen.insert(id).inserted else { throw SQSErrors.batchEntryIdsNotDistinct(id) }
        }
    }

    /// Validates and stores one message; a FIFO duplicate inside the deduplication window returns the
    /// original's id and stores nothing.
    private func store(_ db: Database, _ entry: SendMessageBatchRequestEntry, in queue: QueueRecord) throws -> SendMessageResult {
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
            let scope = queue.otherAttributes["DeduplicationScope"] == "messageGroup" ? groupId : ""
            if let duplicate = try Row.fetchOne(
                db.cachedStatement(
                    sql: "SELECT message_id, sequence_number FROM sqs_dedup WHERE queue_id = ? AND scope = ? AND dedup_id = ? AND expires_ns > ?"),
                arguments: [queue.id, scope, dedupId!, now.nanosecondsSinceUnixEpoch])
            {
                try context.database.appendEvent(
                    db, service: .sqs, operation: "SendMessageDeduplicated", at: now,
                    keys: ["queue": queue.name, "messageId": duplicate[0], "deduplicationId": dedupId!])
                return SendMessageResult(
                    messageId: duplicate[0], md5OfMessageBody: Digests.md5Hex(body),
                    md5OfMessageAttributes: MessageAttributeCodec.md5(entry.messageAttributes),
                    md5OfMessageSystemAttributes: entry.messageSystemAttributes.isEmpty
                        ? nil : MessageAttributeCodec.md5(entry.messageSystemAttributes),
                    sequenceNumber: duplicate[1])
            }
        } else if let explicit = entry.messageDeduplicationId {
            throw SQSErrors.invalidParameter(
                "MessageDeduplicationId", value: explicit,
                reason: "The request includes a parameter that is not valid for this queue type.")
        }

        let messageId = messageIds.uuid()
        let bodyMD5 = Digests.md5Hex(body)
        let nowNs = now.nanosecondsSinceUnixEpoch
        let insert = try db.cachedStatement(
            sql: """
                INSERT INTO sqs_message (queue_id, message_id, body, body_md5, attributes, trace_header, sent_ns,
                    visible_ns, expires_ns, group_id, dedup_id)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
        try insert.execute(arguments: [
            queue.id, messageId, body, bodyMD5, MessageAttributeCodec.encode(entry.messageAttributes), traceHeader,
            nowNs, (now + .seconds(delay)).nanosecondsSinceUnixEpoch,
            (now + .seconds(queue.retentionPeriod)).nanosecondsSinceUnixEpoch, entry.messageGroupId, dedupId,
        ])
        var sequenceNumber: String?
        if queue.isFifo {
            let seq = db.lastInsertedRowID
            let digits = String(seq)
            sequenceNumber = "1" + String(repeating: "0", count: max(0, 19 - digits.count)) + digits
            try db.cachedStatement(sql: "UPDATE sqs_message SET sequence_number = ? WHERE seq = ?")
                .execute(arguments: [sequenceNumber, seq])
            let scope = queue.otherAttributes["DeduplicationScope"] == "messageGroup" ? entry.messageGroupId! : ""
            try db.cachedStatement(
                sql: "INSERT OR REPLACE INTO sqs_dedup (queue_id, scope, dedup_id, expires_ns, message_id, sequence_number) VALUES (?, ?, ?, ?, ?, ?)"
            ).execute(arguments: [
                queue.id, scope, dedupId!, (now + .seconds(300)).nanosecondsSinceUnixEpoch, messageId, sequenceNumber,
            ])
        }
        try context.database.appendEvent(
            db, service: .sqs, operation: "SendMessage", at: now,
            keys: ["queue": queue.name, "messageId": messageId, "delaySeconds": String(delay)])
        return SendMessageResult(
            messageId: messageId, md5OfMessageBody: bodyMD5,
            md5OfMessageAttributes: MessageAttributeCodec.md5(entry.messageAttributes),
            md5OfMessageSystemAttributes: entry.messageSystemAttributes.isEmpty
                ? nil : MessageAttributeCodec.md5(entry.messageSystemAttributes),
            sequenceNumber: sequenceNumber)
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
