import Foundation
import SimKernel
import Worker

/// The stages of every command as spans on simulated time, read from the edit log group: each stage's opening
/// line paired with the next closing line (success or failure) of the same command on the same container.
/// `timeline.html` and `trace.perfetto.json` draw them.
public struct RunSpans: Sendable {
    public enum Stage: String, CaseIterable, Sendable {
        case command, switchBranch = "switch", claude, build, sync, push

        /// The line that opens the stage and those that close it.
        var bounds: (open: String, close: [String]) {
            switch self {
            case .command: (LogLine.processingCommand, [LogLine.processingComplete])
            case .switchBranch: (LogLine.processingCommand, [LogLine.switched, LogLine.runningClaude])
            case .claude: (LogLine.runningClaude, [LogLine.claudeFinished, LogLine.claudeFailed, LogLine.interrupted])
            case .build: (LogLine.startingBuild, [LogLine.buildComplete, LogLine.buildFailed])
            case .sync: (LogLine.startingSync, [LogLine.syncComplete, LogLine.syncFailed])
            case .push: (LogLine.pushing, [LogLine.pushComplete, LogLine.pushFailed])
            }
        }
    }

    public struct Span: Sendable, Equatable {
        public var stage: Stage
        public var start: Instant
        public var end: Instant
        public var container: String
        public var sessionId: String
        public var commandId: String
        /// The closing line (a failure says so).
        public var outcome: String
    }

    /// A moment worth a marker: an error line, an interrupt.
    public struct Mark: Sendable, Equatable {
        public var at: Instant
        public var container: String
        public var kind: String
        public var text: String
    }

    public var spans: [Span]
    public var marks: [Mark]
    public var start: Instant
    public var end: Instant

    public init(_ timeline: LogTimeline, start: Instant, end: Instant) {
        self.start = start
        self.end = end
        var spans: [Span] = []
        var marks: [Mark] = []
        let lines = timeline.lines
        for (index, line) in lines.enumerated() {
            guard let command = line.commandId, let container = line.containerId else { continue }
            if line.level == "ERROR" || line.message.hasPrefix(LogLine.interrupted) || line.message.contains("interrupted") {
                marks.append(Mark(at: line.at, container: container, kind: line.level == "ERROR" ? "error" : "interrupt", text: line.message))
            }
            for stage in Stage.allCases where line.message.hasPrefix(stage.bounds.open) {
                guard let close = lines[(index + 1)...].first(where: { other in
                    other.commandId == command && other.containerId == container && stage.bounds.close.contains { other.message.hasPrefix($0) }
                }) else { continue }
                spans.append(Span(
                    stage: stage, start: line.at, end: close.at, container: container, sessionId: line.sessionId ?? "",
                    commandId: command, outcome: close.message))
            }
        }
        self.spans = spans
        self.marks = marks
    }

    /// Containers in the order they first logged a stage.
    public var containers: [String] {
        var seen: [String] = []
        for span in spans where !seen.contains(span.container) { seen.append(span.container) }
        return seen
    }

    public var sessions: [String] {
        var seen: [String] = []
        for span in spans where !span.sessionId.isEmpty && !seen.contains(span.sessionId) { seen.append(span.sessionId) }
        return seen
    }

    /// `trace.perfetto.json`: the Chrome trace-event format (`chrome://tracing`, Perfetto): a complete event per
    /// span (microseconds of simulated time since the run began), one thread per container, markers as instants.
    public var perfetto: String {
        var events: [JSONValue] = []
        let lanes = containers
        for (index, container) in lanes.enumerated() {
            events.append(.object([
                "ph": .string("M"), "name": .string("thread_name"), "pid": .number("1"), "tid": .number(String(index + 1)),
                "args": .object(["name": .string(container)]),
            ]))
        }
        func micro(_ instant: Instant) -> String { String((instant - start).wholeMilliseconds * 1000) }
        for span in spans {
            events.append(.object([
                "ph": .string("X"), "name": .string(span.stage.rawValue), "cat": .string("stage"), "pid": .number("1"),
                "tid": .number(String((lanes.firstIndex(of: span.container) ?? 0) + 1)), "ts": .number(micro(span.start)),
                "dur": .number(String((span.end - span.start).wholeMilliseconds * 1000)),
                "args": .object(["commandId": .string(span.commandId), "sessionId": .string(span.sessionId), "outcome": .string(span.outcome)]),
            ]))
        }
        for mark in marks {
            events.append(.object([
                "ph": .string("i"), "s": .string("t"), "name": .string(mark.kind), "pid": .number("1"),
                "tid": .number(String((lanes.firstIndex(of: mark.container) ?? 0) + 1)), "ts": .number(micro(mark.at)),
                "args": .object(["text": .string(mark.text)]),
            ]))
        }
        return JSONValue.object(["traceEvents": .array(events), "displayTimeUnit": .string("ms")]).canonicalText + "\n"
    }
}
