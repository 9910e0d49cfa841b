import SimKernel

/// Every commit made in a run's workspaces, as the simulation saw libgit2 make it (not as the worker
/// reported it). The commit checker holds the remotes and workspaces to it.
public final class CommitLedger {
    public struct Entry: Hashable, Sendable {
        public var commit: String
        public var branch: String
        public var subject: String
        /// The whole message, trailers included.
        public var message: String
        /// The workspace's real path.
        public var workspace: String
        public var at: Instant
    }

    public private(set) var entries: [Entry] = []

    public init() {}

    func record(_ entry: Entry) { entries.append(entry) }
}
