/// The one loop of a simulation: a queue of actions ordered by (due instant, insertion sequence).
///
/// Everything that happens in a run happens because this scheduler fired it, one action at a time, on one
/// thread. Two actions due at the same instant run in the order they were scheduled, so the order never
/// depends on hashing, threads or the wall clock.
public final class Scheduler {
    /// Identifies a scheduled action so it can be cancelled.
    public struct TimerID: Hashable, Sendable {
        public let sequence: UInt64
    }

    /// Why a run stopped.
    public enum RunOutcome: Equatable, Sendable {
        /// Nothing is left to run.
        case quiet
        /// The next action is due after the instant limit; `now` was moved to the limit.
        case reachedInstantLimit
        /// The step limit was used up while actions were still due.
        case reachedStepLimit
    }

    public private(set) var now: Instant
    /// How many actions have run since the scheduler was created.
    public private(set) var stepsRun: UInt64 = 0

    private var heap = TimerHeap()
    private var nextSequence: UInt64 = 0
    private var cancelled: Set<UInt64> = []
    private var labels: [UInt64: String] = [:]

    public init(start: Instant = .defaultSimulationStart) {
        self.now = start
    }

    /// Number of actions waiting to run (cancelled ones excluded).
    public var pendingCount: Int { heap.count - cancelled.count }

    /// The instant of the next action that will run, if any.
    public var nextDueInstant: Instant? {
        dropCancelledHead()
        return heap.peek?.due
    }

    /// Schedules `action` at `instant`; an instant in the past is treated as now.
    @discardableResult
    public func schedule(at instant: Instant, _ label: String, _ action: @escaping () -> Void) -> TimerID {
        let sequence = nextSequence
        nextSequence += 1
        heap.push(TimerHeap.Entry(due: max(instant, now), sequence: sequence, action: action))
        labels[sequence] = label
        return TimerID(sequence: sequence)
    }

    /// Schedules `action` after `delay` of simulated time.
    @discardableResult
    public func schedule(after delay: Duration, _ label: String, _ action: @escaping () -> Void) -> TimerID {
        schedule(at: now + delay, label, action)
    }

    /// Cancels a scheduled action. Cancelling one that already ran, or twice, does nothing.
    public func cancel(_ id: TimerID) {
        guard labels[id.sequence] != nil else { return }
        labels[id.sequence] = nil
        cancelled.insert(id.sequence)
    }

    /// The label of a pending action (for diagnostics: what a stuck run was waiting for).
    public func pendingLabels(limit: Int = 10) -> [String] {
        heap.sortedEntries.lazy.filter { !self.cancelled.contains($0.sequence) }.prefix(limit).compactMap {
            self.labels[$0.sequence]
        }
    }

    /// Runs the next due action, advancing `now` to its instant. Returns false when nothing is left.
    @discardableResult
    public func step() -> Bool {
        dropCancelledHead()
        guard let entry = heap.pop() else { return false }
        labels[entry.sequence] = nil
        now = entry.due
        stepsRun += 1
        entry.action()
        return true
    }

    /// Runs actions until none is left, or a limit is reached.
    ///
    /// - Parameters:
    ///   - instantLimit: actions due after this instant are left in place and `now` moves to the limit.
    ///   - stepLimit: at most this many actions run.
    public func run(until instantLimit: Instant? = nil, maxSteps stepLimit: UInt64 = .max) -> RunOutcome {
        var steps: UInt64 = 0
        while true {
            dropCancelledHead()
            guard let next = heap.peek else { return .quiet }
            if let limit = instantLimit, next.due > limit {
                now = max(now, limit)
                return .reachedInstantLimit
            }
            if steps >= stepLimit { return .reachedStepLimit }
            step()
            steps += 1
        }
    }

    /// Moves time forward by `duration`, running everything due on the way.
    @discardableResult
    public func advance(by duration: Duration) -> RunOutcome {
        let limit = now + duration
        let outcome = run(until: limit)
        if outcome == .quiet { now = max(now, limit) }
        return outcome == .reachedStepLimit ? outcome : .reachedInstantLimit
    }

    private func dropCancelledHead() {
        while let head = heap.peek, cancelled.contains(head.sequence) {
            _ = heap.pop()
            cancelled.remove(head.sequence)
        }
    }
}
