import Messages
import SimKernel

/// A work message the worker holds: taken off the input queue, valid, and not yet deleted.
struct ReceivedWork {
    let message: WorkMessage
    var messageId: String
    /// The handle of the latest receive (a redelivery of the same message replaces it); nil for a copy the
    /// worker re-sent and has not received yet (it keeps its place, so the session's order holds).
    var receiptHandle: String?
    /// How many times SQS has delivered it (`ApproximateReceiveCount` of the latest receive).
    var receiveCount: Int
    /// When it was first sent: SQS's `SentTimestamp`, or the `originalSentAt` of a re-sent copy. Commands
    /// run in this order, and only a message sent after a command began may interrupt it.
    let sentAt: Instant
    /// What the command ledger said when the message was checked.
    var record: LedgerState
    /// For a re-sent copy not yet received: when it was sent (it is dropped if it never comes).
    var awaitedSince: Instant?

    enum LedgerState {
        /// The ledger could not be read: the command must not start until it is (at most once).
        case unknown
        /// No container ever started it.
        case new
        /// A container started it before (and died, or handed it back): resume after what it did.
        case started(CommandRecord)
    }

    var isAwaitedCopy: Bool { receiptHandle == nil }
}

/// A message the worker is done with but may not delete yet: an answer, a dead-letter copy, a push or a
/// re-sent copy comes first. Held (its visibility extended) until each part is done, in this order.
struct Acknowledgement {
    let messageId: String
    var receiptHandle: String
    let sessionId: String?
    let commandId: String?
    /// Send this answer (it could not be sent yet).
    var answer: String?
    /// Then record in the ledger that the answer went out.
    var markAnswered: Bool
    /// Copy the body to the DLQ with this reason.
    var deadLetter: (body: String, reason: String)?
    /// Then record in the ledger that the copy is in the DLQ.
    var markCopied: Bool
    /// Delete only once every branch of the workspace is on the remote (the command's commits are safe).
    var waitForPush: Bool
    /// Not before this instant (after a failure).
    var notBefore: Instant

    init(
        messageId: String, receiptHandle: String, sessionId: String?, commandId: String?, answer: String? = nil,
        markAnswered: Bool = false, deadLetter: (body: String, reason: String)? = nil, markCopied: Bool = false,
        waitForPush: Bool = false, notBefore: Instant
    ) {
        self.messageId = messageId
        self.receiptHandle = receiptHandle
        self.sessionId = sessionId
        self.commandId = commandId
        self.answer = answer
        self.markAnswered = markAnswered
        self.deadLetter = deadLetter
        self.markCopied = markCopied
        self.waitForPush = waitForPush
        self.notBefore = notBefore
    }
}
