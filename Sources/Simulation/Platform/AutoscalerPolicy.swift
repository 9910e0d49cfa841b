
/// The edit service's scaling rule (SPEC section 4): up for unowned sites with visible messages, down when
/// containers are idle past the shutdown timeout and nothing waits, never above the maximum.
public struct AutoscalerPolicy: Hashable, Sendable {
    public var maxTasks: Int

    public init(maxTasks: Int = WorldNames.maxEditTasks) {
        self.maxTasks = maxTasks
    }

    /// The desired count to set, or nil to leave it.
    public func decide(_ demand: FleetDemand) -> Int? {
        let wanted = min(maxTasks, demand.ownedSites + demand.waitingSites)
        // Only waiting sites scale out: an owned site is served already, and its owner may be the task an
        // operator is stopping (a forced scale-in is not undone while the owner still holds the row).
        if demand.waitingSites > 0 && wanted > demand.desired { return wanted }
        if demand.desired > maxTasks { return maxTasks }
        // Scale in only idle containers, and only while no site waits for one (an idle container takes the
        // next claim request).
        if demand.idleContainers > 0 && demand.waitingSites == 0 {
            let target = max(wanted, demand.desired - demand.idleContainers)
            return target < demand.desired ? target : nil
        }
        return nil
    }
}
