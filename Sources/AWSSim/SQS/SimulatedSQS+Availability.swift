import AWSPorts
import GRDB
import SimKernel

/// When a queue next has a message to receive, as a simulation host sees it.
public enum QueueAvailability: Hashable, Sendable {
    case visibleNow
    /// Nothing is visible; the earliest stored message becomes visible then (delay or visibility timeout).
    case visibleAt(Instant)
    case empty
}

extension SimulatedSQS {
    /// For hosts that wait on a queue for a worker: not an AWS call, so it passes no fault seam, takes no
    /// simulated time and records nothing. Expired messages are not counted.
    public func availability(queueUrl: String) throws(AWSError) -> QueueAvailability {
        do {
            return try context.database.readAccess { db in
                let queue = try QueueRecord.load(db, url: queueUrl, account: context.account)
                let nowNs = now.nanosecondsSinceUnixEpoch
                let next = try Int64.fetchOne(
                    db.grdb.cachedStatement(sql: "SELECT MIN(visible_ns) FROM sqs_message WHERE queue_id = ? AND expires_ns > ?"),
                    arguments: [queue.id, nowNs])
                guard let next else { return .empty }
                return next <= nowNs ? .visibleNow : .visibleAt(Instant(nanosecondsSinceUnixEpoch: next))
            }
        } catch let error as AWSError {
            throw error
        } catch {
            throw AWSError.internalFailure("\(error)", service: .sqs)
        }
    }
}
