import Testing
@testable import Worker

@Suite("Container lifecycle")
struct ContainerLifecycleTests {
    func lifecycle(after events: [ContainerEvent]) throws -> ContainerLifecycle {
        var lifecycle = ContainerLifecycle()
        for event in events { try lifecycle.apply(event) }
        return lifecycle
    }

    @Test func aNewContainerIsStarting() {
        #expect(ContainerLifecycle().status == .starting)
        #expect(ContainerLifecycle().siteKey == nil)
    }

    @Test func claimingMakesItRunningWithItsSite() throws {
        let running = try lifecycle(after: [.claimed(siteKey: "amelia#stamps")])
        #expect(running.status == .running && running.siteKey == "amelia#stamps")
    }

    @Test func releasingMakesItIdleWithoutASite() throws {
        let idle = try lifecycle(after: [.claimed(siteKey: "a#s"), .released])
        #expect(idle.status == .idle && idle.siteKey == nil)
    }

    @Test func anIdleContainerClaimsAgain() throws {
        let again = try lifecycle(after: [.claimed(siteKey: "a#s"), .released, .claimed(siteKey: "b#s")])
        #expect(again.status == .running && again.siteKey == "b#s")
    }

    @Test(arguments: [[ContainerEvent](), [.claimed(siteKey: "a#s")], [.claimed(siteKey: "a#s"), .released]])
    func sigtermMakesItStopping(_ before: [ContainerEvent]) throws {
        let stopping = try lifecycle(after: before + [.stopRequested])
        #expect(stopping.status == .stopping && stopping.siteKey == nil)
        #expect(try lifecycle(after: before + [.stopRequested, .stopRequested]).status == .stopping, "a second SIGTERM changes nothing")
    }

    @Test func exitingAfterSIGTERMMakesItStopped() throws {
        #expect(try lifecycle(after: [.claimed(siteKey: "a#s"), .stopRequested, .exited]).status == .stopped)
    }

    @Test(arguments: [[ContainerEvent](), [.claimed(siteKey: "a#s")], [.claimed(siteKey: "a#s"), .released]])
    func aCrashStopsItFromAnywhere(_ before: [ContainerEvent]) throws {
        #expect(try lifecycle(after: before + [.exited]).status == .stopped)
    }

    @Test(arguments: [
        ([ContainerEvent](), ContainerEvent.released),
        ([.claimed(siteKey: "a#s")], .claimed(siteKey: "b#s")),
        ([.claimed(siteKey: "a#s"), .released], .released),
        ([.stopRequested], .claimed(siteKey: "a#s")),
        ([.stopRequested], .released),
        ([.stopRequested, .exited], .exited),
        ([.stopRequested, .exited], .claimed(siteKey: "a#s")),
        ([.stopRequested, .exited], .stopRequested),
    ])
    func impossibleTransitionsThrowAndChangeNothing(_ before: [ContainerEvent], _ event: ContainerEvent) throws {
        var lifecycle = try lifecycle(after: before)
        let unchanged = lifecycle
        #expect(throws: InvalidContainerTransition(from: lifecycle.status, event: event)) { try lifecycle.apply(event) }
        #expect(lifecycle == unchanged)
    }
}
