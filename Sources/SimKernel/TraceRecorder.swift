/// Receives every event a run records, folds it into the run's `TraceDigest`, and hands its line to an
/// optional sink (the `trace.jsonl` writer). One per run, shared by everything that records.
public final class TraceRecorder {
    public private(set) var digest = TraceDigest()
    /// Called with each event's canonical line, in order.
    public var sink: ((String) -> Void)?

    public init(sink: ((String) -> Void)? = nil) {
        self.sink = sink
    }

    public func record(_ event: TraceEvent) {
        digest.record(event)
        sink?(event.line)
    }

    public func record(_ line: String) {
        digest.record(line)
        sink?(line)
    }
}
