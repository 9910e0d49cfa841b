import SimKernel
import Worker

/// Records git events in the run's trace at simulated time, and every commit in the run's ledger.
public struct GitTrace {
    let recorder: TraceRecorder
    let clock: () -> Instant
    let ledger: CommitLedger

    public init(recorder: TraceRecorder, clock: @escaping () -> Instant, ledger: CommitLedger = CommitLedger()) {
        self.recorder = recorder
        self.clock = clock
        self.ledger = ledger
    }

    func record(_ operation: String, workspace: String, _ keys: [String: String]) {
        var all = keys
        all["workspace"] = workspace
        recorder.record(TraceEvent(instant: clock(), source: "git", operation: operation, keysJSON: JSONValue.canonicalObject(all)))
    }
}
