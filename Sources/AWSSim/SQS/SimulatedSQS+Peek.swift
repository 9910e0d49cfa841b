import AWSPorts
import GRDB
import SimKernel

/// A stored message as a checker sees it.
public struct StoredMessage: Hashable, Sendable {
    public var messageId: String
    public var body: String
    public var receiveCount: Int
    /// String message attributes by name.
    public var attributes: [String: String]
}

extension SimulatedSQS {
    /// Every unexpired message of a queue, visible or not, in send order. For checkers: not an AWS call, so
    /// it passes no fault seam, takes no time, changes no receive count and records nothing.
    public func peekMessages(queueUrl: String) throws(AWSError) -> [StoredMessage] {
        do {
            return try context.database.readAccess { db in
                let queue = try QueueRecord.load(db, url: queueUrl, account: context.account)
                let rows = try Row.fetchAll(
                    db.grdb.cachedStatement(sql: """
                        SELECT message_id, body, receive_count, attributes FROM sqs_message
                        WHERE queue_id = ? AND expires_ns > ? ORDER BY seq
                        """),
                    arguments: [queue.id, now.nanosecondsSinceUnixEpoch])
                return rows.map { row in
                    var attributes: [String: String] = [:]
                    for (name, value) in MessageAttributeCodec.decode(row[3] as String?) {
                        if let string = value.stringValue { attributes[name] = string }
                    }
                    return StoredMessage(messageId: row[0], body: row[1], receiveCount: row[2], attributes: attributes)
                }
            }
        } catch let error as AWSError {
            throw error
        } catch {
            throw AWSError.internalFailure("\(error)", service: .sqs)
        }
    }
}
