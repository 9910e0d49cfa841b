import AWSPorts
import AWSSim
import SimKernel

/// Spans in the run's trace: each stage of each command (switch, Claude, build, sync, push, and the command
/// itself, with its `sessionId` and `commandId`) and each ECS task's life, appended as `span` events when the
/// run ends (the workload's waits are recorded as they end). The trace then holds what `timeline.html` and
/// `trace.perfetto.json` draw, so a tool reading `trace.jsonl` alone sees durations, not only instants.
enum TraceSpans {
    static func record(_ spans: RunSpans, tasks: [(service: String, task: ECSTask)], into trace: TraceRecorder) {
        for span in spans.spans {
            trace.record(TraceEvent(instant: span.start, source: "span", operation: span.stage.rawValue, keysJSON: JSONValue.canonicalObject([
                "start": span.start.iso8601, "end": span.end.iso8601, "container": span.container, "sessionId": span.sessionId,
                "commandId": span.commandId, "outcome": span.outcome,
            ])))
        }
        for (service, task) in tasks {
            var keys = [
                "start": task.createdAt.iso8601, "end": (task.stoppedAt ?? spans.end).iso8601, "taskId": task.taskId,
                "service": service, "lastStatus": task.lastStatus.rawValue,
            ]
            if let reason = task.stoppedReason { keys["stoppedReason"] = reason }
            if let code = task.stopCode { keys["stopCode"] = code.rawValue }
            trace.record(TraceEvent(instant: task.createdAt, source: "span", operation: "task", keysJSON: JSONValue.canonicalObject(keys)))
        }
    }
}
