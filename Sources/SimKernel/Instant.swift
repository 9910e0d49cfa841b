/// A point on the simulated timeline, in nanoseconds since the Unix epoch (UTC).
///
/// Simulated time never reads the wall clock: a run starts at a fixed instant and moves only when the
/// scheduler fires the next event, which is what makes the same seed give the same run.
public struct Instant: Comparable, Hashable, Sendable, CustomStringConvertible {
    public let nanosecondsSinceUnixEpoch: Int64

    public init(nanosecondsSinceUnixEpoch: Int64) {
        self.nanosecondsSinceUnixEpoch = nanosecondsSinceUnixEpoch
    }

    public init(unixSeconds: Int64) {
        self.init(nanosecondsSinceUnixEpoch: unixSeconds * 1_000_000_000)
    }

    public init(unixMilliseconds: Int64) {
        self.init(nanosecondsSinceUnixEpoch: unixMilliseconds * 1_000_000)
    }

    /// Where simulations start unless told otherwise: 2025-08-15T00:00:00Z, the era of the seeds.
    public static let defaultSimulationStart = Instant(unixSeconds: 1_755_216_000)

    /// Whole seconds since the epoch, rounded down (what DynamoDB TTL attributes hold).
    public var unixSeconds: Int64 { floorDivide(nanosecondsSinceUnixEpoch, 1_000_000_000) }

    /// Whole milliseconds since the epoch, rounded down (what CloudWatch Logs and SQS timestamps hold).
    public var unixMilliseconds: Int64 { floorDivide(nanosecondsSinceUnixEpoch, 1_000_000) }

    public static func < (lhs: Instant, rhs: Instant) -> Bool {
        lhs.nanosecondsSinceUnixEpoch < rhs.nanosecondsSinceUnixEpoch
    }

    public static func + (lhs: Instant, rhs: Duration) -> Instant {
        Instant(nanosecondsSinceUnixEpoch: lhs.nanosecondsSinceUnixEpoch + rhs.nanoseconds)
    }

    public static func - (lhs: Instant, rhs: Duration) -> Instant {
        Instant(nanosecondsSinceUnixEpoch: lhs.nanosecondsSinceUnixEpoch - rhs.nanoseconds)
    }

    public static func - (lhs: Instant, rhs: Instant) -> Duration {
        .nanoseconds(lhs.nanosecondsSinceUnixEpoch - rhs.nanosecondsSinceUnixEpoch)
    }

    public static func += (lhs: inout Instant, rhs: Duration) { lhs = lhs + rhs }

    public var description: String { iso8601 }
}

@inline(__always)
func floorDivide(_ a: Int64, _ b: Int64) -> Int64 {
    let q = a / b
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
}
