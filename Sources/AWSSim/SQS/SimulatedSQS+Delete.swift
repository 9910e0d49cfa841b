import AWSPorts
import GRDB
import SimKernel

extension SimulatedSQS {
    /// Deletes with the message's latest receipt handle. As in AWS, a stale handle (the message was received
    /// again since) or a message already gone succeeds without deleting anything; a handle that is not one
    /// is `ReceiptHandleIsInvalid`.
    public func deleteMessage(queueUrl: String, receiptHandle: String) throws(AWSError) {
        try context.perform(.sqs, "DeleteMessage", resource: queueUrl) { db, _ in
            let queue = try QueueRecord.load(db, url: queueUrl, account: context.account)
            let handle = try decodeHandle(receiptHandle, queue: queue)
            let deleted = try delete(db, handle)
            try context.database.appendEvent(
                db, service: .sqs, operation: deleted ? "DeleteMessage" : "DeleteMessageIgnored", at: now,
                keys: ["queue": queue.name, "seq": String(handle.messageSeq)])
        }
    }

    public func deleteMessageBatch(queueUrl: String, entries: [DeleteMessageBatchRequestEntry]) throws(AWSError)
        -> BatchResult
    {
        try context.perform(.sqs, "DeleteMessageBatch", resource: queueUrl, batchEntryIDs: entries.map(\.id)) { db, decision in
            let queue = try QueueRecord.load(db, url: queueUrl, account: context.account)
            try validateBatchEntryIds(entries.map(\.id), entryName: "DeleteMessageBatchRequestEntry")
            var result = BatchResult(successful: [], failed: [])
            var handles: [ReceiptHandle] = []
            for entry in entries {
                if let injected = decision.failedBatchEntries[entry.id] {
                    result.failed.append(BatchResultErrorEntry(
                        id: entry.id, code: injected.code, message: injected.message, senderFault: injected.isSenderFault))
                    continue
                }
                do {
                    handles.append(try decodeHandle(entry.receiptHandle, queue: queue))
                    result.successful.append(entry.id)
                } catch let error as AWSError {
                    result.failed.append(BatchResultErrorEntry(
                        id: entry.id, code: error.code, message: error.message, senderFault: error.isSenderFault))
                }
            }
            // One statement for the batch; RETURNING tells which handles were the latest (deleted) and
            // which were stale (ignored, as SQS does).
            var deletedSeqs: Set<Int64> = []
            if !handles.isEmpty {
                let statement = try db.sql("DELETE FROM sqs_message WHERE (seq, receipt_nonce) IN (VALUES", variant: handles.count) {
                    "DELETE FROM sqs_message WHERE (seq, receipt_nonce) IN (VALUES "
                        + Array(repeating: "(?, ?)", count: handles.count).joined(separator: ", ") + ") RETURNING seq"
                }
                deletedSeqs = Set(try statement.allRows(handles.flatMap { [.integer($0.messageSeq), .integer($0.nonce)] }) { $0.int64(0) })
            }
            let deleted = handles.filter { deletedSeqs.contains($0.messageSeq) }.map { String($0.messageSeq) }
            let ignored = handles.filter { !deletedSeqs.contains($0.messageSeq) }.map { String($0.messageSeq) }
            if !deleted.isEmpty || !ignored.isEmpty {
                try context.database.appendEvent(
                    db, service: .sqs, operation: "DeleteMessageBatch", at: now,
                    keys: ["queue": queue.name, "seqs": deleted.joined(separator: ","), "ignored": ignored.joined(separator: ",")])
            }
            return result
        }
    }

    public func changeMessageVisibility(queueUrl: String, receiptHandle: String, visibilityTimeout: Int) throws(AWSError) {
        var madeVisible = ""
        try context.perform(.sqs, "ChangeMessageVisibility", resource: queueUrl) { db, _ in
            let queue = try QueueRecord.load(db, url: queueUrl, account: context.account)
            if try changeVisibility(db, queue: queue, receiptHandle: receiptHandle, timeout: visibilityTimeout) {
                madeVisible = queue.name
            }
        }
        if !madeVisible.isEmpty { waiters.notifyArrival(queueName: madeVisible) }
    }

    public func changeMessageVisibilityBatch(queueUrl: String, entries: [ChangeMessageVisibilityBatchRequestEntry])
        throws(AWSError) -> BatchResult
    {
        var madeVisible = ""
        let result = try context.perform(
            .sqs, "ChangeMessageVisibilityBatch", resource: queueUrl, batchEntryIDs: entries.map(\.id)
        ) { db, decision in
            let queue = try QueueRecord.load(db, url: queueUrl, account: context.account)
            try validateBatchEntryIds(entries.map(\.id), entryName: "ChangeMessageVisibilityBatchRequestEntry")
            var result = BatchResult(successful: [], failed: [])
            for entry in entries {
                if let injected = decision.failedBatchEntries[entry.id] {
                    result.failed.append(BatchResultErrorEntry(
                        id: entry.id, code: injected.code, message: injected.message, senderFault: injected.isSenderFault))
                    continue
                }
                do {
                    if try changeVisibility(db, queue: queue, receiptHandle: entry.receiptHandle, timeout: entry.visibilityTimeout) {
                        madeVisible = queue.name
                    }
                    result.successful.append(entry.id)
                } catch let error as AWSError {
                    result.failed.append(BatchResultErrorEntry(
                        id: entry.id, code: error.code, message: error.message, senderFault: error.isSenderFault))
                }
            }
            return result
        }
        if !madeVisible.isEmpty { waiters.notifyArrival(queueName: madeVisible) }
        return result
    }

    private func decodeHandle(_ receiptHandle: String, queue: QueueRecord) throws(AWSError) -> ReceiptHandle {
        guard let handle = ReceiptHandle(decoding: receiptHandle), handle.queueId == queue.id else {
            throw SQSErrors.receiptHandleIsInvalid(receiptHandle)
        }
        return handle
    }

    /// Deletes when the handle is the message's latest; false when it is stale or the message is gone.
    private func delete(_ db: DatabaseAccess, _ handle: ReceiptHandle) throws -> Bool {
        try db.sql("DELETE FROM sqs_message WHERE seq = ? AND receipt_nonce = ?")
            .execute(.integer(handle.messageSeq), .integer(handle.nonce)) > 0
    }

    /// Returns true when the message became visible now (timeout 0), so long-poll waiters can be woken.
    private func changeVisibility(_ db: DatabaseAccess, queue: QueueRecord, receiptHandle: String, timeout: Int) throws -> Bool {
        let handle = try decodeHandle(receiptHandle, queue: queue)
        guard (0...43_200).contains(timeout) else {
            throw SQSErrors.invalidParameter(
                "VisibilityTimeout", value: String(timeout), reason: "Must be between 0 and 43200, if provided.")
        }
        guard let row = try Row.fetchOne(
            db.grdb.cachedStatement(sql: "SELECT receipt_nonce, visible_ns, last_receive_ns, message_id FROM sqs_message WHERE seq = ?"),
            arguments: [handle.messageSeq]), (row[0] as Int64?) == handle.nonce
        else {
            throw SQSErrors.invalidParameter(
                "ReceiptHandle", value: receiptHandle,
                reason: "Message does not exist or is not available for visibility timeout change.")
        }
        let visibleNs: Int64 = row[1]
        guard visibleNs > now.nanosecondsSinceUnixEpoch else { throw SQSErrors.messageNotInflight() }
        let receivedAt = Instant(nanosecondsSinceUnixEpoch: row[2] ?? now.nanosecondsSinceUnixEpoch)
        if (now - receivedAt) + .seconds(timeout) > .seconds(43_200) {
            throw SQSErrors.invalidParameter(
                "VisibilityTimeout", value: String(timeout),
                reason: "Total VisibilityTimeout for the message is beyond the limit [43200 seconds]")
        }
        try db.grdb.cachedStatement(sql: "UPDATE sqs_message SET visible_ns = ? WHERE seq = ?")
            .execute(arguments: [(now + .seconds(timeout)).nanosecondsSinceUnixEpoch, handle.messageSeq])
        try context.database.appendEvent(
            db, service: .sqs, operation: "ChangeMessageVisibility", at: now,
            keys: ["queue": queue.name, "messageId": row[3], "visibilityTimeout": String(timeout)])
        return timeout == 0
    }
}
