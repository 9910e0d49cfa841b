import AWSPorts
import SimKernel

/// How long calls take on simulated time when nothing is wrong: a seeded draw per call from a range per
/// service, plus a transfer time for payload bytes.
public struct LatencyModel: Sendable {
    public var perCall: [AWSServiceName: ClosedRange<Duration>]
    /// Transfer time per MiB of payload (S3 bodies, SQS messages).
    public var perMebibyte: Duration

    public init(perCall: [AWSServiceName: ClosedRange<Duration>], perMebibyte: Duration) {
        self.perCall = perCall
        self.perMebibyte = perMebibyte
    }

    /// In-region latencies of the order AWS shows from Fargate.
    public static let realistic = LatencyModel(
        perCall: [
            .sqs: .milliseconds(4) ... .milliseconds(15),
            .s3: .milliseconds(8) ... .milliseconds(30),
            .dynamodb: .milliseconds(3) ... .milliseconds(10),
            .logs: .milliseconds(5) ... .milliseconds(20),
            .ecs: .milliseconds(20) ... .milliseconds(80),
            .elb: .milliseconds(1) ... .milliseconds(3),
        ],
        perMebibyte: .milliseconds(12))

    /// Every call takes no simulated time.
    public static let zero = LatencyModel(perCall: [:], perMebibyte: .zero)
}

/// Simulated time spent waiting on calls, per caller.
///
/// Calls return at once on the one simulation thread; the time they would have taken is charged here to
/// the caller that made them, and the caller's host waits that long before the caller's next step.
public final class CallLatencyLedger {
    /// Who is calling now; set by the host around each step.
    public private(set) var currentCaller = "client"
    private var spent: [String: Duration] = [:]

    public init() {}

    /// Runs `body` with `caller` as the current caller.
    public func withCaller<T, E: Error>(_ caller: String, _ body: () throws(E) -> T) throws(E) -> T {
        let previous = currentCaller
        currentCaller = caller
        defer { currentCaller = previous }
        return try body()
    }

    /// Time charged to `caller` and not yet taken.
    public func spent(by caller: String) -> Duration { spent[caller] ?? .zero }

    /// Returns the time charged to `caller` and resets it.
    public func take(for caller: String) -> Duration {
        spent.removeValue(forKey: caller) ?? .zero
    }

    func charge(_ duration: Duration) {
        guard duration > .zero else { return }
        spent[currentCaller, default: .zero] += duration
    }
}
