import SimKernel

/// Identifies one long-poll waiter so it can be cancelled.
public struct ArrivalWaitToken: Hashable, Sendable {
    let id: UInt64
}

/// Long polls on simulated time: a caller that found its queue empty registers here and is woken when a
/// message arrives or its wait ends, whichever comes first. Nothing blocks.
final class ArrivalWaiters {
    private struct Waiter {
        let queueName: String
        let timeout: Scheduler.TimerID
        let wake: () -> Void
    }

    private let scheduler: Scheduler
    private var waiters: [UInt64: Waiter] = [:]
    private var nextId: UInt64 = 0

    init(scheduler: Scheduler) {
        self.scheduler = scheduler
    }

    func add(queueName: String, until deadline: Instant, wake: @escaping () -> Void) -> ArrivalWaitToken {
        let id = nextId
        nextId += 1
        let timeout = scheduler.schedule(at: deadline, "sqs.long-poll-timeout \(queueName)") { [weak self] in
            self?.fire(id)
        }
        waiters[id] = Waiter(queueName: queueName, timeout: timeout, wake: wake)
        return ArrivalWaitToken(id: id)
    }

    func cancel(_ token: ArrivalWaitToken) {
        guard let waiter = waiters.removeValue(forKey: token.id) else { return }
        scheduler.cancel(waiter.timeout)
    }

    /// A message became available on `queueName`: wake its waiters now, oldest first.
    func notifyArrival(queueName: String) {
        let ids = waiters.filter { $0.value.queueName == queueName }.keys.sorted()
        for id in ids {
            guard let waiter = waiters[id] else { continue }
            scheduler.cancel(waiter.timeout)
            scheduler.schedule(at: scheduler.now, "sqs.long-poll-wake \(queueName)") { [weak self] in
                self?.fire(id)
            }
        }
    }

    private func fire(_ id: UInt64) {
        guard let waiter = waiters.removeValue(forKey: id) else { return }
        scheduler.cancel(waiter.timeout)
        waiter.wake()
    }
}
