import Messages
import SimKernel

/// A work message the worker holds: taken off the input queue, valid, and not yet deleted.
struct ReceivedWork {
    let message: WorkMessage
    let messageId: String
    /// The handle of the latest receive (a redelivery of the same message replaces it).
    var receiptHandle: String
    /// When it was first sent: SQS's `SentTimestamp`, or the `originalSentAt` of a re-sent copy. Commands
    /// run in this order, and only a message sent after a command began may interrupt it.
    let sentAt: Instant
    /// What the command ledger said when the message was checked; nil while the check could not be made.
    var record: LedgerState

    enum LedgerState {
        /// The ledger could not be read: the command must not start until it is (at most once).
        case unknown
        /// No container ever started it.
        case new
        /// A container started it before (and died, or handed it back): resume after what it did.
        case started(CommandRecord)
    }
}

/// A message the worker is done with but may not delete yet: a dead-letter copy, an answer or a push comes
/// first. Held (its visibility extended) until each part is done, in this order.
struct Acknowledgement {
    let messageId: String
    var receiptHandle: String
    let sessionId: String?
    let commandId: String?
    /// Copy the body to the DLQ with this reason first.
    var deadLetter: (body: String, reason: String)?
    /// Send this answer (it could not be sent yet).
    var answer: String?
    /// Then record in the ledger that the answer went out.
    var markAnswered: Bool
    /// Delete only once every branch of the workspace is on the remote (the command's commits are safe).
    var waitForPush: Bool
    /// Not before this instant (after a failure).
    var notBefore: Instant
}
