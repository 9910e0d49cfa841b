import AWSPorts
import GRDB
import SimKernel

/// One queue row with its effective settings. Name, URL and ARN are derived from the name and the account
/// (the row stores them too, for people querying the database).
struct QueueRecord {
    var id: Int64
    var name: String
    let account: AWSAccount
    var url: String { account.sqsQueueURL(name) }
    var arn: String { account.sqsQueueARN(name) }
    var isFifo: Bool
    var visibilityTimeout: Int
    var delaySeconds: Int
    var maximumMessageSize: Int
    var retentionPeriod: Int
    var receiveWaitTime: Int
    var redrivePolicy: RedrivePolicy?
    var contentBasedDeduplication: Bool
    /// The stored JSON of settable attributes with no behaviour here (`Policy`, `DeduplicationScope`, ...).
    var otherAttributesJSON: String
    var createdAt: Instant
    var modifiedAt: Instant
    var lastPurgeAt: Instant?

    /// Parsed on demand: only FIFO sends and attribute reads need them.
    var otherAttributes: [String: String] { SQSJSON.stringMap(otherAttributesJSON) ?? [:] }

    var deduplicationScopeIsGroup: Bool {
        isFifo && otherAttributesJSON.contains("\"DeduplicationScope\":\"messageGroup\"")
    }

    init(row: SQLiteRow, name: String, account: AWSAccount) {
        self.name = name
        self.account = account
        id = row.int64(0)
        isFifo = row.bool(1)
        visibilityTimeout = row.int(2)
        delaySeconds = row.int(3)
        maximumMessageSize = row.int(4)
        retentionPeriod = row.int(5)
        receiveWaitTime = row.int(6)
        if let target = row.optionalString(7) {
            redrivePolicy = RedrivePolicy(deadLetterTargetArn: target, maxReceiveCount: row.int(8))
        }
        contentBasedDeduplication = row.bool(9)
        otherAttributesJSON = row.string(10)
        createdAt = Instant(nanosecondsSinceUnixEpoch: row.int64(11))
        modifiedAt = Instant(nanosecondsSinceUnixEpoch: row.int64(12))
        lastPurgeAt = row.optionalInt64(13).map { Instant(nanosecondsSinceUnixEpoch: $0) }
    }

    /// The queue a URL names. Any host is accepted (the HTTP front serves its own); the account and the
    /// name in the path must match, as in AWS.
    static func load(_ db: DatabaseAccess, url: String, account: AWSAccount) throws -> QueueRecord {
        guard let name = queueName(fromURL: url, account: account) else { throw SQSErrors.queueDoesNotExist() }
        guard let record = try load(db, name: name, account: account) else { throw SQSErrors.queueDoesNotExist() }
        return record
    }

    static func load(_ db: DatabaseAccess, name: String, account: AWSAccount) throws -> QueueRecord? {
        try db.sql(
            """
            SELECT id, is_fifo, visibility_timeout, delay_seconds, maximum_message_size, retention_period,
                receive_wait_time, dlq_arn, max_receive_count, content_based_dedup, other_attributes, created_ns,
                modified_ns, last_purge_ns FROM sqs_queue WHERE name = ?
            """
        ).first(.text(name)) { QueueRecord(row: $0, name: name, account: account) }
    }

    static func load(_ db: DatabaseAccess, arn: String, account: AWSAccount) throws -> QueueRecord? {
        let prefix = account.sqsQueueARN("")
        guard arn.hasPrefix(prefix) else { return nil }
        return try load(db, name: String(arn.dropFirst(prefix.count)), account: account)
    }

    /// `scheme://host/{account}/{name}` or `/{account}/{name}` → name, when the account matches.
    static func queueName(fromURL url: String, account: AWSAccount) -> String? {
        var text = url
        return text.withUTF8 { bytes -> String? in
            var start = 0
            // Skip "scheme://host" when present.
            if let colon = bytes.firstIndex(of: 58), colon + 2 < bytes.count, bytes[colon + 1] == 47, bytes[colon + 2] == 47 {
                guard let slash = bytes[(colon + 3)...].firstIndex(of: 47) else { return nil }
                start = slash
            }
            var end = bytes.count
            while start < end, bytes[start] == 47 { start += 1 }
            while end > start, bytes[end - 1] == 47 { end -= 1 }
            // What remains must be "{account}/{name}".
            guard let separator = bytes[start..<end].firstIndex(of: 47) else { return nil }
            let nameStart = separator + 1
            guard nameStart < end, bytes[nameStart..<end].firstIndex(of: 47) == nil,
                bytes[start..<separator].elementsEqual(account.accountId.utf8)
            else { return nil }
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[nameStart..<end]), as: UTF8.self)
        }
    }

    /// Every attribute `GetQueueAttributes` can return with `All`, except the message counts.
    func settableAttributeValues() -> [String: String] {
        var values: [String: String] = [
            "VisibilityTimeout": String(visibilityTimeout),
            "DelaySeconds": String(delaySeconds),
            "MaximumMessageSize": String(maximumMessageSize),
            "MessageRetentionPeriod": String(retentionPeriod),
            "ReceiveMessageWaitTimeSeconds": String(receiveWaitTime),
        ]
        if let redrivePolicy { values["RedrivePolicy"] = redrivePolicy.canonicalJSON }
        if isFifo {
            values["FifoQueue"] = "true"
            values["ContentBasedDeduplication"] = contentBasedDeduplication ? "true" : "false"
        }
        for (name, value) in otherAttributes { values[name] = value }
        return values
    }
}

/// `{"deadLetterTargetArn": ..., "maxReceiveCount": n}`.
struct RedrivePolicy: Equatable {
    var deadLetterTargetArn: String
    var maxReceiveCount: Int

    var canonicalJSON: String {
        JSONValue.object([
            "deadLetterTargetArn": .string(deadLetterTargetArn), "maxReceiveCount": .number(String(maxReceiveCount)),
        ]).canonicalText
    }

    init(deadLetterTargetArn: String, maxReceiveCount: Int) {
        self.deadLetterTargetArn = deadLetterTargetArn
        self.maxReceiveCount = maxReceiveCount
    }

    init?(storedJSON: String) {
        guard let value = try? JSONValue.parse(storedJSON), let parsed = try? RedrivePolicy.parse(value) else {
            return nil
        }
        self = parsed
    }

    /// Parses the attribute value AWS accepts: a JSON object whose `maxReceiveCount` is a number or a string.
    static func parse(_ text: String) throws(AWSError) -> RedrivePolicy {
        let value: JSONValue
        do {
            value = try JSONValue.parse(text)
        } catch {
            throw SQSErrors.invalidParameter("RedrivePolicy", value: text, reason: "Redrive policy is not a valid JSON map.")
        }
        do {
            return try parse(value)
        } catch let reason {
            throw SQSErrors.invalidParameter("RedrivePolicy", value: text, reason: reason.text)
        }
    }

    struct Reason: Error { let text: String }

    private static func parse(_ value: JSONValue) throws(Reason) -> RedrivePolicy {
        guard let members = value.objectValue else { throw Reason(text: "Redrive policy is not a valid JSON map.") }
        for key in members.keys where key != "deadLetterTargetArn" && key != "maxReceiveCount" {
            throw Reason(text: "Only following keys are allowed: deadLetterTargetArn, maxReceiveCount. Found: \(key).")
        }
        guard let arn = members["deadLetterTargetArn"]?.stringValue, !arn.isEmpty else {
            throw Reason(text: "Redrive policy does not contain mandatory attribute: deadLetterTargetArn.")
        }
        let countText: String?
        switch members["maxReceiveCount"] {
        case .number(let n): countText = n
        case .string(let s): countText = s
        default: countText = nil
        }
        guard let countText else { throw Reason(text: "Redrive policy does not contain mandatory attribute: maxReceiveCount.") }
        guard let count = Int(countText), (1...1000).contains(count) else {
            throw Reason(text: "Invalid value for maxReceiveCount: \(countText), valid values are from 1 to 1000 both inclusive.")
        }
        return RedrivePolicy(deadLetterTargetArn: arn, maxReceiveCount: count)
    }
}

/// Small JSON helpers for SQS columns.
enum SQSJSON {
    static func stringMap(_ text: String?) -> [String: String]? {
        guard let text, let object = (try? JSONValue.parse(text))?.objectValue else { return nil }
        return object.compactMapValues { $0.stringValue }
    }

    static func text(_ map: [String: String]) -> String { JSONValue.canonicalObject(map) }
}
