import SimKernel

/// A site this worker owns.
final class ClaimedSite {
    let endpoints: SiteEndpoints
    var lastActivity: Instant
    /// When the claim's `lastActivity` was last refreshed.
    var lastHeartbeat: Instant
    var repository: WorkspaceRepository?
    /// The session of the last command, whose uncommitted work a switch commits.
    var lastSessionId: String?
    /// The branch of the last command, where recovery leaves a detached HEAD.
    var lastBranch: String?
    /// Commands received but waiting for the running one (same session), in arrival order.
    var pending: [ReceivedWork] = []

    init(endpoints: SiteEndpoints, at instant: Instant) {
        self.endpoints = endpoints
        self.lastActivity = instant
        self.lastHeartbeat = instant
    }
}
