import SimKernel
import Worker

/// Git work on the container's disk and stopping a tool, drawn per operation from a seeded stream. Pushes
/// cross the network to GitHub; stopping a tool takes under a second (SIGINT, then the process exits).
public final class SeededOperationTiming: OperationTiming {
    public static let defaultRanges: [TimedOperation: ClosedRange<Duration>] = [
        .recover: .milliseconds(80) ... .milliseconds(400),
        .switchBranch: .milliseconds(40) ... .milliseconds(160),
        .commit: .milliseconds(20) ... .milliseconds(90),
        .push: .milliseconds(300) ... .milliseconds(1200),
        .stopTool: .milliseconds(100) ... .milliseconds(800),
    ]

    private var random: SeededGenerator
    public var ranges: [TimedOperation: ClosedRange<Duration>]

    public init(random: SeededGenerator, ranges: [TimedOperation: ClosedRange<Duration>] = SeededOperationTiming.defaultRanges) {
        self.random = random
        self.ranges = ranges
    }

    public func duration(of operation: TimedOperation) -> Duration {
        guard let range = ranges[operation] else { return .zero }
        return random.duration(in: range)
    }
}
