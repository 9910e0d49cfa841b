import AWSPorts
import SimKernel

/// One call to a simulated service, as the fault seam sees it before the service acts.
public struct ServiceCall: Hashable, Sendable {
    public var service: AWSServiceName
    /// The AWS operation name: `SendMessage`, `PutObject`, `PutItem`, ...
    public var operation: String
    /// The queue URL, bucket, table, log group or cluster the call addresses, when it has one.
    public var resource: String?
    /// For batch calls: the entry ids (SQS) or keys (S3 `DeleteObjects`) in request order.
    public var batchEntryIDs: [String]
    /// Who made the call (see `CallLatencyLedger.withCaller`).
    public var caller: String
    public var instant: Instant
}

/// What the seam decided for one call. The default lets the call through untouched.
public struct FaultDecision: Sendable {
    /// Fail the whole call with this error.
    public var error: AWSError?
    /// Extra simulated time the call takes.
    public var latency: Duration
    /// Fail these batch entries (by id or key); the rest of the batch proceeds.
    public var failedBatchEntries: [String: AWSError]

    public init(error: AWSError? = nil, latency: Duration = .zero, failedBatchEntries: [String: AWSError] = [:]) {
        self.error = error
        self.latency = latency
        self.failedBatchEntries = failedBatchEntries
    }

    public static let proceed = FaultDecision()

    public static func fail(_ error: AWSError) -> FaultDecision { FaultDecision(error: error) }
    public static func delay(_ latency: Duration) -> FaultDecision { FaultDecision(latency: latency) }
    public static func failEntries(_ entries: [String: AWSError]) -> FaultDecision {
        FaultDecision(failedBatchEntries: entries)
    }

    var isFault: Bool { error != nil || latency > .zero || !failedBatchEntries.isEmpty }
}

/// Decides, for every call, whether a fault applies. Fault plans (sim config files) implement this; the
/// services themselves have no fault policy.
public protocol FaultInterceptor: AnyObject {
    func decide(_ call: ServiceCall) -> FaultDecision
}

/// An interceptor from a closure (tests drive the seam with these).
public final class ClosureFaultInterceptor: FaultInterceptor {
    private let body: (ServiceCall) -> FaultDecision

    public init(_ body: @escaping (ServiceCall) -> FaultDecision) {
        self.body = body
    }

    public func decide(_ call: ServiceCall) -> FaultDecision { body(call) }
}

/// The one place every simulated service call passes through before it acts.
public final class FaultSeam {
    public var interceptor: FaultInterceptor?

    public init(interceptor: FaultInterceptor? = nil) {
        self.interceptor = interceptor
    }

    func decide(_ call: ServiceCall) -> FaultDecision {
        interceptor?.decide(call) ?? .proceed
    }
}
