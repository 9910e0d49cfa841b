import SimKernel
import Testing

@Suite("Scheduler")
struct SchedulerTests {
    @Test func runsByDueInstantThenInsertionOrder() {
        let scheduler = Scheduler()
        var order: [String] = []
        scheduler.schedule(after: .seconds(2), "c") { order.append("c") }
        scheduler.schedule(after: .seconds(1), "a") { order.append("a") }
        scheduler.schedule(after: .seconds(1), "b") { order.append("b") }
        scheduler.schedule(after: .zero, "now") { order.append("now") }
        #expect(scheduler.run() == .quiet)
        #expect(order == ["now", "a", "b", "c"])
        #expect(scheduler.now == Instant.defaultSimulationStart + .seconds(2))
    }

    @Test func actionsCanScheduleMoreAndPastInstantsMeanNow() {
        let scheduler = Scheduler()
        var fired: [Instant] = []
        scheduler.schedule(after: .seconds(10), "first") {
            fired.append(scheduler.now)
            scheduler.schedule(at: Instant.defaultSimulationStart, "in the past") { fired.append(scheduler.now) }
        }
        _ = scheduler.run()
        #expect(fired == [Instant.defaultSimulationStart + .seconds(10), Instant.defaultSimulationStart + .seconds(10)])
    }

    @Test func cancellationAndLimits() {
        let scheduler = Scheduler()
        var ran: [String] = []
        let cancelled = scheduler.schedule(after: .seconds(1), "cancelled") { ran.append("cancelled") }
        scheduler.schedule(after: .seconds(5), "late") { ran.append("late") }
        scheduler.cancel(cancelled)
        scheduler.cancel(cancelled)
        #expect(scheduler.pendingCount == 1)
        #expect(scheduler.pendingLabels() == ["late"])
        #expect(scheduler.run(until: Instant.defaultSimulationStart + .seconds(3)) == .reachedInstantLimit)
        #expect(scheduler.now == Instant.defaultSimulationStart + .seconds(3))
        #expect(ran.isEmpty)
        for i in 0..<5 { scheduler.schedule(after: .seconds(1), "n\(i)") { ran.append("n") } }
        #expect(scheduler.run(maxSteps: 2) == .reachedStepLimit)
        #expect(ran.count == 2)
        scheduler.advance(by: .seconds(100))
        #expect(ran.count == 6 && ran.contains("late"))
        #expect(scheduler.now == Instant.defaultSimulationStart + .seconds(104), "the step-limited run moved now to 4 s")
        #expect(scheduler.nextDueInstant == nil)
    }
}
