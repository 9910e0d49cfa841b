import Messages
/// A work message taken off the input queue.
struct ReceivedWork {
    let message: WorkMessage
    /// The handle of the latest receive (a redelivery replaces it).
    var receiptHandle: String
    let receiveCount: Int
}
