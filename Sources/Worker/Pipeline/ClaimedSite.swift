import Messages
import SimKernel

/// A site this worker owns, and what it holds for it.
final class ClaimedSite {
    let endpoints: SiteEndpoints
    /// The last time the worker did something for the site (the idle timeout counts from here).
    var lastActivity: Instant
    /// The last heartbeat (messages' visibility and the claim's `ttl` extended).
    var lastHeartbeat: Instant
    /// The last time the claim was written or refreshed successfully: it lapses `claimLifetime` after.
    var claimConfirmedAt: Instant
    var repository: WorkspaceRepository?
    /// Commands received and waiting, in the order they were sent.
    var waiting: [ReceivedWork] = []
    /// Messages done with but not yet deleted.
    var acknowledgements: [Acknowledgement] = []
    /// Branches already looked up in the registry, by chat thread.
    var branches: [String: String] = [:]
    /// When to push unpushed branches again, if some are.
    var pushDue: Instant?
    /// When to restore the bucket again, if a failed deploy could not restore it.
    var repairDue: Instant?
    /// When the waiting head's ledger check or start may be tried again, after a failure.
    var startDue: Instant?

    init(endpoints: SiteEndpoints, at instant: Instant) {
        self.endpoints = endpoints
        self.lastActivity = instant
        self.lastHeartbeat = instant
        self.claimConfirmedAt = instant
    }

    /// Files a command among the waiting ones by its sending time (arrival order among equals).
    func enqueue(_ work: ReceivedWork) {
        let index = waiting.firstIndex { $0.sentAt > work.sentAt } ?? waiting.endIndex
        waiting.insert(work, at: index)
    }

    /// Every message held: waiting, and done with but not deleted (the running one is the run's).
    var heldHandles: [(messageId: String, receiptHandle: String)] {
        waiting.compactMap { work in work.receiptHandle.map { (work.messageId, $0) } }
            + acknowledgements.map { ($0.messageId, $0.receiptHandle) }
    }

    /// The waiting commands that were received (not copies still awaited).
    var heldWork: [ReceivedWork] { waiting.filter { !$0.isAwaitedCopy } }

    /// Whether something is still owed for the site: a push, a bucket repair, a message not yet deleted.
    var owesWork: Bool { pushDue != nil || repairDue != nil || !acknowledgements.isEmpty }
}
