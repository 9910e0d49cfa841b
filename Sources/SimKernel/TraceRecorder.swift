/// Receives every event a run records, folds it into the run's `TraceDigest`, and hands its line to an
/// optional sink (the `trace.jsonl` writer). One per run, shared by everything that records.
public final class TraceRecorder {
    public private(set) var digest = TraceDigest()
    /// Called with each event's canonical line, in order.
    public var sink: ((String) -> Void)?

    /// The command being worked on while a worker steps (`{"commandId":...,"sessionId":...}`): every event
    /// recorded meanwhile carries it, so a command's calls, commits and pushes can be found by its ids.
    public var command: String?

    public init(sink: ((String) -> Void)? = nil) {
        self.sink = sink
    }

    public func record(_ event: TraceEvent) {
        var event = event
        if event.commandJSON == nil { event.commandJSON = command }
        digest.record(event)
        sink?(event.line)
    }

    public func record(_ line: String) {
        digest.record(line)
        sink?(line)
    }
}
