import AWSPorts
import GRDB
import SimKernel

/// What every simulated service shares: the database, simulated time, the account, the fault seam, the
/// latency ledger and the seeded streams. Services are passive: they act only when called, or when the
/// scheduler fires a timer they set.
final class ServiceContext {
    let database: SimDatabase
    let scheduler: Scheduler
    let account: AWSAccount
    let seam: FaultSeam
    let latency: CallLatencyLedger
    let latencyModel: LatencyModel
    let random: SeededGenerator
    private var latencyDraws: [AWSServiceName: SeededGenerator] = [:]
    /// False for `LatencyModel.zero`: calls then cost no simulated time unless a fault delays them.
    private let modelsLatency: Bool
    private var requestIds: IDGenerator

    init(
        database: SimDatabase, scheduler: Scheduler, account: AWSAccount, seam: FaultSeam,
        latency: CallLatencyLedger, latencyModel: LatencyModel, random: SeededGenerator
    ) {
        self.database = database
        self.scheduler = scheduler
        self.account = account
        self.seam = seam
        self.latency = latency
        self.latencyModel = latencyModel
        self.random = random
        self.requestIds = IDGenerator(random.derive("request-ids"))
        self.modelsLatency = !latencyModel.perCall.isEmpty
        for service in AWSServiceName.allCases {
            latencyDraws[service] = random.derive("latency.\(service.rawValue)")
        }
    }

    var now: Instant { scheduler.now }

    /// Runs one service call: consults the fault seam, charges the caller's latency, runs `body` in one
    /// transaction (write) or outside one (read), and turns any failure into an `AWSError` with a request id.
    func perform<T>(
        _ service: AWSServiceName, _ operation: String, resource: String? = nil, batchEntryIDs: [String] = [],
        payloadBytes: Int = 0, readOnly: Bool = false, _ body: (DatabaseAccess, FaultDecision) throws -> T
    ) throws(AWSError) -> T {
        var decision = FaultDecision.proceed
        if let interceptor = seam.interceptor {
            let call = ServiceCall(
                service: service, operation: operation, resource: resource, batchEntryIDs: batchEntryIDs,
                caller: latency.currentCaller, instant: now)
            decision = interceptor.decide(call)
            if decision.isFault { recordFault(call, decision) }
        }
        if modelsLatency || decision.latency > .zero {
            latency.charge(modelledLatency(service, payloadBytes: payloadBytes) + decision.latency)
        }
        if let error = decision.error { throw stamped(error) }
        do {
            if readOnly {
                return try database.readAccess { db in try body(db, decision) }
            }
            return try database.writeAccess { db in try body(db, decision) }
        } catch let error as AWSError {
            throw stamped(error)
        } catch {
            throw stamped(.internalFailure("\(error)", service: service))
        }
    }

    /// Records an event in its own transaction (timers: retention, TTL reaping, task transitions).
    func recordTimerWork(_ service: AWSServiceName, _ body: (DatabaseAccess) throws -> Void) {
        do {
            try database.writeAccess(body)
        } catch {
            // A timer has no caller to report to; the failure is kept in the event log instead.
            try? database.writeAccess { db in
                try database.appendEvent(
                    db, service: service, operation: "TimerFailed", at: now, keys: ["error": "\(error)"])
            }
        }
    }

    private func modelledLatency(_ service: AWSServiceName, payloadBytes: Int) -> Duration {
        guard let range = latencyModel.perCall[service] else { return .zero }
        var base = latencyDraws[service]!.duration(in: range)
        if payloadBytes > 0 {
            base += .nanoseconds(latencyModel.perMebibyte.nanoseconds * Int64(payloadBytes) / 1_048_576)
        }
        return base
    }

    /// The extra time the seam adds to something a service does on its own (not a call: a task starting).
    /// Asked inside the service's transaction, so it records nothing itself; the interceptor keeps its own
    /// account.
    func seamLatency(_ service: AWSServiceName, _ operation: String, resource: String?) -> Duration {
        guard let interceptor = seam.interceptor else { return .zero }
        return interceptor.decide(ServiceCall(
            service: service, operation: operation, resource: resource, batchEntryIDs: [], caller: service.rawValue, instant: now)).latency
    }

    private func recordFault(_ call: ServiceCall, _ decision: FaultDecision) {
        let failedEntries = decision.failedBatchEntries.keys.sorted().joined(separator: ",")
        try? database.writeAccess { db in
            try database.appendEvent(
                db, service: call.service, operation: "FaultInjected", at: now,
                keys: [
                    "operation": call.operation, "resource": call.resource ?? "", "caller": call.caller,
                    "error": decision.error?.code ?? "", "latencyMs": String(decision.latency.wholeMilliseconds),
                    "failedEntries": failedEntries,
                ])
        }
    }

    private func stamped(_ error: AWSError) -> AWSError {
        var error = error
        if error.requestId == nil { error.requestId = requestIds.uuid() }
        return error
    }
}
