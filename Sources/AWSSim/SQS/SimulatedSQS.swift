import Foundation
import AWSPorts
import GRDB
import SimKernel

/// Amazon SQS over SQLite: standard and FIFO queues, visibility timeouts, receipt handles, redrive to a
/// dead-letter queue, FIFO ordering and deduplication, retention, and long polls on simulated time.
public final class SimulatedSQS: SQSAPI {
    let context: ServiceContext
    let options: SQSOptions
    let waiters: ArrivalWaiters
    var messageIds: IDGenerator
    var handleNonces: IDGenerator
    var sampling: SeededGenerator
    /// The principal id AWS reports as `SenderId`.
    let senderId: String

    init(context: ServiceContext, options: SQSOptions) {
        self.context = context
        self.options = options
        self.waiters = ArrivalWaiters(scheduler: context.scheduler)
        messageIds = IDGenerator(context.random.derive("sqs.message-ids"))
        handleNonces = IDGenerator(context.random.derive("sqs.receipt-handles"))
        sampling = context.random.derive("sqs.short-poll")
        var principal = IDGenerator(context.random.derive("sqs.sender"))
        senderId = "AIDA" + principal.alphanumeric(count: 17)
    }

    var now: Instant { context.now }

    // MARK: Queues

    public func createQueue(_ request: CreateQueueRequest) throws(AWSError) -> String {
        let name = request.queueName
        try context.perform(.sqs, "CreateQueue", resource: name) { db, _ in
            let isFifo = request.attributes["FifoQueue"] == "true"
            if request.attributes["FifoQueue"] == "false" && name.hasSuffix(".fifo") {
                throw SQSErrors.invalidParameterValue(
                    "The name of a FIFO queue can only include alphanumeric characters, hyphens, or underscores, must end with .fifo suffix and be 1 to 80 in length.")
            }
            try QueueAttributeRules.validateQueueName(name, isFifo: isFifo || name.hasSuffix(".fifo"))
            if name.hasSuffix(".fifo") && !isFifo {
                throw SQSErrors.invalidParameterValue(
                    "The name of a FIFO queue can only include alphanumeric characters, hyphens, or underscores, must end with .fifo suffix and be 1 to 80 in length.")
            }
            var normalised: [String: String] = [:]
            for attributeName in JSONValue.sortedKeys(request.attributes.keys) {
                normalised[attributeName] = try QueueAttributeRules.validate(
                    name: attributeName, value: request.attributes[attributeName]!, isFifo: isFifo, creating: true)
            }
            var redrive: RedrivePolicy?
            if let text = normalised["RedrivePolicy"] {
                redrive = try validateRedrive(db, text, sourceIsFifo: isFifo, sourceArn: context.account.sqsQueueARN(name))
                normalised["RedrivePolicy"] = redrive!.canonicalJSON
            }
            if let existing = try QueueRecord.load(db, name: name, account: context.account) {
                let current = existing.settableAttributeValues()
                for attributeName in JSONValue.sortedKeys(normalised.keys) {
                    let effective = current[attributeName] ?? QueueAttributeRules.defaults[attributeName]
                        ?? (attributeName == "FifoQueue" || attributeName == "ContentBasedDeduplication" ? "false" : nil)
                    if effective != normalised[attributeName] { throw SQSErrors.queueNameExists(attributeName) }
                }
                return
            }
            let blocked = try Int64.fetchOne(
                db.grdb.cachedStatement(sql: "SELECT deleted_ns FROM sqs_deleted_queue WHERE name = ?"), arguments: [name])
            if let deletedNs = blocked,
                now < Instant(nanosecondsSinceUnixEpoch: deletedNs) + options.deletedNameCooldown
            {
                throw SQSErrors.queueDeletedRecently()
            }
            var other: [String: String] = [:]
            for key in QueueAttributeRules.passThrough { if let v = normalised[key] { other[key] = v } }
            func int(_ key: String) -> Int { Int(normalised[key] ?? QueueAttributeRules.defaults[key]!)! }
            try db.grdb.execute(
                sql: """
                    INSERT INTO sqs_queue (name, url, arn, is_fifo, visibility_timeout, delay_seconds,
                        maximum_message_size, retention_period, receive_wait_time, redrive_policy, dlq_arn,
                        max_receive_count, content_based_dedup, other_attributes, tags, created_ns, modified_ns)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    name, context.account.sqsQueueURL(name), context.account.sqsQueueARN(name), isFifo,
                    int("VisibilityTimeout"), int("DelaySeconds"), int("MaximumMessageSize"),
                    int("MessageRetentionPeriod"), int("ReceiveMessageWaitTimeSeconds"), redrive?.canonicalJSON,
                    redrive?.deadLetterTargetArn, redrive?.maxReceiveCount,
                    normalised["ContentBasedDeduplication"] == "true", SQSJSON.text(other), SQSJSON.text(request.tags),
                    now.nanosecondsSinceUnixEpoch, now.nanosecondsSinceUnixEpoch,
                ])
            try db.grdb.execute(sql: "DELETE FROM sqs_deleted_queue WHERE name = ?", arguments: [name])
            try context.database.appendEvent(
                db, service: .sqs, operation: "CreateQueue", at: now, keys: ["queue": name, "fifo": String(isFifo)])
        }
        return context.account.sqsQueueURL(name)
    }

    public func getQueueUrl(queueName: String) throws(AWSError) -> String {
        try context.perform(.sqs, "GetQueueUrl", resource: queueName, readOnly: true) { db, _ in
            guard let record = try QueueRecord.load(db, name: queueName, account: context.account) else { throw SQSErrors.queueDoesNotExist() }
            return record.url
        }
    }

    public func deleteQueue(queueUrl: String) throws(AWSError) {
        try context.perform(.sqs, "DeleteQueue", resource: queueUrl) { db, _ in
            let queue = try QueueRecord.load(db, url: queueUrl, account: context.account)
            try db.grdb.execute(sql: "DELETE FROM sqs_message WHERE queue_id = ?", arguments: [queue.id])
            try db.grdb.execute(sql: "DELETE FROM sqs_dedup WHERE queue_id = ?", arguments: [queue.id])
            try db.grdb.execute(sql: "DELETE FROM sqs_receive_attempt WHERE queue_id = ?", arguments: [queue.id])
            try db.grdb.execute(sql: "DELETE FROM sqs_queue WHERE id = ?", arguments: [queue.id])
            try db.grdb.execute(
                sql: "INSERT OR REPLACE INTO sqs_deleted_queue (name, deleted_ns) VALUES (?, ?)",
                arguments: [queue.name, now.nanosecondsSinceUnixEpoch])
            try context.database.appendEvent(db, service: .sqs, operation: "DeleteQueue", at: now, keys: ["queue": queue.name])
        }
    }

    public func listQueues(_ request: ListQueuesRequest) throws(AWSError) -> ListQueuesResult {
        try context.perform(.sqs, "ListQueues", readOnly: true) { db, _ in
            if let max = request.maxResults, !(1...1000).contains(max) {
                throw SQSErrors.invalidParameter("MaxResults", value: String(max), reason: "must be between 1 and 1000.")
            }
            if request.nextToken != nil && request.maxResults == nil {
                throw SQSErrors.invalidParameterValue("MaxResults is a mandatory parameter when you provide a value for NextToken.")
            }
            let after = request.nextToken.flatMap { Data(base64Encoded: $0).map([UInt8].init) }.map { String(decoding: $0, as: UTF8.self) } ?? ""
            let prefix = request.queueNamePrefix ?? ""
            let limit = request.maxResults ?? 1000
            let names = try String.fetchAll(
                db.grdb, sql: "SELECT name FROM sqs_queue WHERE name > ? AND substr(name, 1, ?) = ? ORDER BY name LIMIT ?",
                arguments: [after, prefix.count, prefix, limit + 1])
            let page = Array(names.prefix(limit))
            let more = names.count > limit && request.maxResults != nil
            return ListQueuesResult(
                queueUrls: page.map { context.account.sqsQueueURL($0) },
                nextToken: more ? Data(Array(page.last!.utf8)).base64EncodedString() : nil)
        }
    }

    public func purgeQueue(queueUrl: String) throws(AWSError) {
        try context.perform(.sqs, "PurgeQueue", resource: queueUrl) { db, _ in
            let queue = try QueueRecord.load(db, url: queueUrl, account: context.account)
            if let last = queue.lastPurgeAt, now < last + options.purgeCooldown {
                throw SQSErrors.purgeQueueInProgress(queue.name)
            }
            try db.grdb.execute(sql: "DELETE FROM sqs_message WHERE queue_id = ?", arguments: [queue.id])
            try db.grdb.execute(
                sql: "UPDATE sqs_queue SET last_purge_ns = ? WHERE id = ?",
                arguments: [now.nanosecondsSinceUnixEpoch, queue.id])
            try context.database.appendEvent(
                db, service: .sqs, operation: "PurgeQueue", at: now, keys: ["queue": queue.name, "deleted": String(db.grdb.changesCount)])
        }
    }

    public func getQueueAttributes(queueUrl: String, attributeNames: [String]) throws(AWSError) -> [String: String] {
        try context.perform(.sqs, "GetQueueAttributes", resource: queueUrl, readOnly: true) { db, _ in
            let queue = try QueueRecord.load(db, url: queueUrl, account: context.account)
            for name in attributeNames where !QueueAttributeRules.readable.contains(name) {
                throw SQSErrors.invalidAttributeName(name)
            }
            let all = attributeNames.contains("All")
            var values = queue.settableAttributeValues()
            values["QueueArn"] = queue.arn
            values["CreatedTimestamp"] = String(queue.createdAt.unixSeconds)
            values["LastModifiedTimestamp"] = String(queue.modifiedAt.unixSeconds)
            let wanted = Set(attributeNames)
            if all || !wanted.isDisjoint(with: ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible",
                                                "ApproximateNumberOfMessagesDelayed"]) {
                let counts = try messageCounts(db, queueId: queue.id)
                values["ApproximateNumberOfMessages"] = String(counts.visible)
                values["ApproximateNumberOfMessagesNotVisible"] = String(counts.inFlight)
                values["ApproximateNumberOfMessagesDelayed"] = String(counts.delayed)
            }
            return all ? values : values.filter { wanted.contains($0.key) }
        }
    }

    public func setQueueAttributes(queueUrl: String, attributes: [String: String]) throws(AWSError) {
        try context.perform(.sqs, "SetQueueAttributes", resource: queueUrl) { db, _ in
            let queue = try QueueRecord.load(db, url: queueUrl, account: context.account)
            var other = queue.otherAttributes
            var assignments: [String] = []
            var arguments = StatementArguments()
            let columns = [
                "VisibilityTimeout": "visibility_timeout", "DelaySeconds": "delay_seconds",
                "MaximumMessageSize": "maximum_message_size", "MessageRetentionPeriod": "retention_period",
                "ReceiveMessageWaitTimeSeconds": "receive_wait_time",
            ]
            for name in JSONValue.sortedKeys(attributes.keys) {
                let value = try QueueAttributeRules.validate(
                    name: name, value: attributes[name]!, isFifo: queue.isFifo, creating: false)
                if let column = columns[name] {
                    assignments.append("\(column) = ?")
                    arguments += [Int(value)!]
                } else if name == "RedrivePolicy" {
                    if value.isEmpty {
                        assignments.append("redrive_policy = NULL, dlq_arn = NULL, max_receive_count = NULL")
                    } else {
                        let policy = try validateRedrive(db, value, sourceIsFifo: queue.isFifo, sourceArn: queue.arn)
                        assignments.append("redrive_policy = ?, dlq_arn = ?, max_receive_count = ?")
                        arguments += [policy.canonicalJSON, policy.deadLetterTargetArn, policy.maxReceiveCount]
                    }
                } else if name == "ContentBasedDeduplication" {
                    assignments.append("content_based_dedup = ?")
                    arguments += [value == "true"]
                } else {
                    other[name] = value
                }
            }
            assignments.append("other_attributes = ?, modified_ns = ?")
            arguments += [SQSJSON.text(other), now.nanosecondsSinceUnixEpoch, queue.id]
            try db.grdb.execute(
                sql: "UPDATE sqs_queue SET \(assignments.joined(separator: ", ")) WHERE id = ?",
                arguments: arguments)
            try context.database.appendEvent(
                db, service: .sqs, operation: "SetQueueAttributes", at: now,
                keys: ["queue": queue.name, "attributes": JSONValue.sortedKeys(attributes.keys).joined(separator: ",")])
        }
    }

    /// Registers a long-poll waiter: `wake` runs when a message arrives on the queue or at `deadline`,
    /// whichever is first (use `ReceiveMessageResult.wakeAt` as the deadline).
    public func waitForMessages(queueUrl: String, until deadline: Instant, _ wake: @escaping () -> Void)
        throws(AWSError) -> ArrivalWaitToken
    {
        guard let name = QueueRecord.queueName(fromURL: queueUrl, account: context.account) else {
            throw SQSErrors.queueDoesNotExist()
        }
        return waiters.add(queueName: name, until: deadline, wake: wake)
    }

    public func cancelWait(_ token: ArrivalWaitToken) {
        waiters.cancel(token)
    }

    // MARK: Helpers

    struct MessageCounts {
        var visible = 0
        var inFlight = 0
        var delayed = 0
    }

    func messageCounts(_ db: DatabaseAccess, queueId: Int64) throws -> MessageCounts {
        let nowNs = now.nanosecondsSinceUnixEpoch
        let row = try Row.fetchOne(
            db.grdb.cachedStatement(
                sql: """
                    SELECT
                        SUM(CASE WHEN visible_ns <= ?2 THEN 1 ELSE 0 END),
                        SUM(CASE WHEN visible_ns > ?2 AND receive_count > 0 THEN 1 ELSE 0 END),
                        SUM(CASE WHEN visible_ns > ?2 AND receive_count = 0 THEN 1 ELSE 0 END)
                    FROM sqs_message WHERE queue_id = ?1 AND expires_ns > ?2
                    """),
            arguments: [queueId, nowNs])
        return MessageCounts(visible: row?[0] ?? 0, inFlight: row?[1] ?? 0, delayed: row?[2] ?? 0)
    }

    private func validateRedrive(_ db: DatabaseAccess, _ text: String, sourceIsFifo: Bool, sourceArn: String) throws -> RedrivePolicy {
        let policy = try RedrivePolicy.parse(text)
        guard let target = try QueueRecord.load(db, arn: policy.deadLetterTargetArn, account: context.account) else {
            throw SQSErrors.invalidParameter("RedrivePolicy", value: text, reason: "Dead-letter target does not exist.")
        }
        guard target.arn != sourceArn else {
            throw SQSErrors.invalidParameter("RedrivePolicy", value: text, reason: "Dead-letter target cannot be the source queue.")
        }
        guard target.isFifo == sourceIsFifo else {
            throw SQSErrors.invalidParameter(
                "RedrivePolicy", value: text, reason: "Dead-letter queue must be same type of queue as the source.")
        }
        return policy
    }
}
