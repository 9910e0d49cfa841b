import AWSPorts
import GRDB
import SimKernel

/// One queue row with its effective settings.
struct QueueRecord {
    var id: Int64
    var name: String
    var url: String
    var arn: String
    var isFifo: Bool
    var visibilityTimeout: Int
    var delaySeconds: Int
    var maximumMessageSize: Int
    var retentionPeriod: Int
    var receiveWaitTime: Int
    var redrivePolicy: RedrivePolicy?
    var contentBasedDeduplication: Bool
    /// Settable attributes with no behaviour here (`Policy`, `KmsMasterKeyId`, `DeduplicationScope`, ...).
    var otherAttributes: [String: String]
    var createdAt: Instant
    var modifiedAt: Instant
    var lastPurgeAt: Instant?

    static let columns = """
        id, name, url, arn, is_fifo, visibility_timeout, delay_seconds, maximum_message_size, retention_period,
        receive_wait_time, redrive_policy, content_based_dedup, other_attributes, created_ns, modified_ns, last_purge_ns
        """

    init(row: Row) {
        id = row[0]
        name = row[1]
        url = row[2]
        arn = row[3]
        isFifo = row[4]
        visibilityTimeout = row[5]
        delaySeconds = row[6]
        maximumMessageSize = row[7]
        retentionPeriod = row[8]
        receiveWaitTime = row[9]
        redrivePolicy = (row[10] as String?).flatMap { RedrivePolicy(storedJSON: $0) }
        contentBasedDeduplication = row[11]
        otherAttributes = SQSJSON.stringMap(row[12]) ?? [:]
        createdAt = Instant(nanosecondsSinceUnixEpoch: row[13])
        modifiedAt = Instant(nanosecondsSinceUnixEpoch: row[14])
        lastPurgeAt = (row[15] as Int64?).map { Instant(nanosecondsSinceUnixEpoch: $0) }
    }

    /// The queue a URL names. Any host is accepted (the HTTP front serves its own); the account and the
    /// name in the path must match, as in AWS.
    static func load(_ db: Database, url: String, account: AWSAccount) throws -> QueueRecord {
        guard let name = queueName(fromURL: url, account: account) else { throw SQSErrors.queueDoesNotExist() }
        guard let record = try load(db, name: name) else { throw SQSErrors.queueDoesNotExist() }
        return record
    }

    static func load(_ db: Database, name: String) throws -> QueueRecord? {
        let statement = try db.cachedStatement(sql: "SELECT \(columns) FROM sqs_queue WHERE name = ?")
        return try Row.fetchOne(statement, arguments: [name]).map(QueueRecord.init(row:))
    }

    static func load(_ db: Database, arn: String) throws -> QueueRecord? {
        let statement = try db.cachedStatement(sql: "SELECT \(columns) FROM sqs_queue WHERE arn = ?")
        return try Row.fetchOne(statement, arguments: [arn]).map(QueueRecord.init(row:))
    }

    static func queueName(fromURL url: String, account: AWSAccount) -> String? {
        var path = Substring(url)
        if let schemeEnd = path.range(of: "://") {
            path = path[schemeEnd.upperBound...]
            guard let slash = path.firstIndex(of: "/") else { return nil }
            path = path[slash...]
        }
        let parts = path.split(separator: "/", omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0] == account.accountId else { return nil }
        return String(parts[1])
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
