import Simulation
import Testing

@Suite("Autoscaler policy")
struct AutoscalerPolicyTests {
    let policy = AutoscalerPolicy(maxTasks: 3)

    func demand(desired: Int, owned: Int = 0, waiting: Int = 0, idle: Int = 0) -> FleetDemand {
        FleetDemand(desired: desired, ownedSites: owned, waitingSites: waiting, idleContainers: idle)
    }

    @Test func scalesOutForWaitingSites() {
        #expect(policy.decide(demand(desired: 0, waiting: 1)) == 1)
        #expect(policy.decide(demand(desired: 1, owned: 1, waiting: 1)) == 2)
    }

    @Test func neverAboveTheMaximum() {
        #expect(policy.decide(demand(desired: 0, waiting: 4)) == 3)
        #expect(policy.decide(demand(desired: 3, owned: 3, waiting: 1)) == nil, "the fourth site waits for a task to free up")
        #expect(policy.decide(demand(desired: 5)) == 3)
    }

    @Test func ownedSitesAloneNeverScaleOut() {
        // An operator forced the service to 0 while the owner still holds its row: not undone.
        #expect(policy.decide(demand(desired: 0, owned: 1)) == nil)
    }

    @Test func scalesInIdleContainersOnlyWhenNothingWaits() {
        #expect(policy.decide(demand(desired: 1, idle: 1)) == 0)
        #expect(policy.decide(demand(desired: 3, owned: 2, idle: 1)) == 2)
        #expect(policy.decide(demand(desired: 2, owned: 1, waiting: 1, idle: 1)) == nil, "the idle container takes the waiting site")
        #expect(policy.decide(demand(desired: 2, owned: 2)) == nil, "busy containers are never scaled in")
    }

    @Test func steadyStateChangesNothing() {
        #expect(policy.decide(demand(desired: 2, owned: 2)) == nil)
        #expect(policy.decide(demand(desired: 0)) == nil)
    }
}
