/// What the edit service's autoscaler sees on one evaluation.
public struct FleetDemand: Hashable, Sendable {
    /// The service's desired count now.
    public var desired: Int
    /// Sites owned by a live container.
    public var ownedSites: Int
    /// Sites with visible messages on their input queue and no live owner.
    public var waitingSites: Int
    /// Containers that released their site (idle past the shutdown timeout) and hold nothing.
    public var idleContainers: Int

    public init(desired: Int, ownedSites: Int, waitingSites: Int, idleContainers: Int) {
        self.desired = desired
        self.ownedSites = ownedSites
        self.waitingSites = waitingSites
        self.idleContainers = idleContainers
    }
}
