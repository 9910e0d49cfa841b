import Foundation
import SimKernel
import Worker

/// The stages of every command as spans on simulated time, read from the edit log group: each stage's opening
/// line paired with the next closing line (success, failure or interruption) of the same command on the same
/// container. A tool stage (Claude, the build, the sync, the push) left without a closing line (its container
/// crashed, or it was abandoned) ends at the container's next line for something else, or its last line. The
/// marks: error lines, interrupts (with the command that interrupted), and the faults the run injected.
/// `timeline.html` and `trace.perfetto.json` draw them.
public struct RunSpans: Sendable {
    public enum Stage: String, CaseIterable, Sendable {
        case command, switchBranch = "switch", claude, commit, build, sync, push, respond

        /// The lines that open the stage, each with the lines that close what it opened.
        var bounds: [(open: String, close: [String])] {
            switch self {
            case .command: [(LogLine.processingCommand, [LogLine.processingComplete])]
            case .switchBranch: [(LogLine.processingCommand, [LogLine.switched, LogLine.runningClaude])]
            case .claude: [(LogLine.runningClaude, [LogLine.claudeFinished, LogLine.claudeFailed, LogLine.interrupted])]
            case .commit: [
                // The step after Claude, until the build begins (its modelled time follows the commit line).
                (LogLine.claudeFinished, [LogLine.startingBuild, LogLine.commitFailed, LogLine.workspaceChangedDuringClaude]),
                // The work-in-progress commit of an interrupted command, after its tool stops.
                (LogLine.interruptedByCommand, [LogLine.committed, LogLine.noWorkInProgress, LogLine.commitFailed]),
            ]
            case .build: [(LogLine.startingBuild, [LogLine.buildComplete, LogLine.buildFailed, LogLine.buildInterrupted])]
            case .sync: [(LogLine.startingSync, [LogLine.syncComplete, LogLine.syncFailed, LogLine.syncInterrupted])]
            case .push: [(LogLine.pushing, [LogLine.pushComplete, LogLine.pushFailed])]
            case .respond: [(LogLine.pushComplete, [LogLine.processingComplete]), (LogLine.pushFailed, [LogLine.processingComplete])]
            }
        }

        /// A tool's stage: an opening line means the tool ran, so one without a closing line is still drawn.
        var isTool: Bool { [.claude, .build, .sync, .push].contains(self) }
    }

    public struct Span: Sendable, Equatable {
        public var stage: Stage
        public var start: Instant
        public var end: Instant
        public var container: String
        public var sessionId: String
        public var commandId: String
        /// The closing line (a failure or an interruption says so).
        public var outcome: String
    }

    /// A moment worth a marker: an error line, an interrupt (`by`: the session whose command interrupted), a
    /// fault the run injected (`container` empty: faults have a lane of their own).
    public struct Mark: Sendable, Equatable {
        public var at: Instant
        public var container: String
        public var kind: String
        public var text: String
        public var sessionId: String = ""
        public var by: String?
    }

    /// A fault the run injected, for the faults' lane.
    public struct Fault: Sendable, Equatable {
        public var at: Instant
        public var text: String

        public init(at: Instant, text: String) {
            self.at = at
            self.text = text
        }
    }

    public var spans: [Span]
    public var marks: [Mark]
    public var start: Instant
    public var end: Instant

    public init(_ timeline: LogTimeline, faults: [Fault] = [], start: Instant, end: Instant) {
        self.start = start
        self.end = end
        var spans: [Span] = []
        var marks: [Mark] = []
        let lines = timeline.lines
        for (index, line) in lines.enumerated() {
            guard let command = line.commandId, let container = line.containerId else { continue }
            let sessionId = line.sessionId ?? ""
            if let interrupting = LogLine.interruptingCommand(in: line.message) {
                marks.append(Mark(at: line.at, container: container, kind: "interrupt", text: line.message, sessionId: sessionId, by: interrupting.session))
            } else if line.level == "ERROR" {
                marks.append(Mark(at: line.at, container: container, kind: "error", text: line.message, sessionId: sessionId))
            }
            for stage in Stage.allCases {
                for bound in stage.bounds where line.message.hasPrefix(bound.open) {
                    // This attempt's lines on this container: the search ends where it begins the command again.
                    let later = lines[(index + 1)...].lazy.filter { $0.containerId == container }.prefix { other in
                        !(other.commandId == command && other.message.hasPrefix(LogLine.processingCommand))
                    }
                    var close = later.first { other in
                        other.commandId == command && bound.close.contains { other.message.hasPrefix($0) }
                    }
                    var outcome = close?.message ?? ""
                    if close == nil, stage.isTool {
                        // It ends where the container turns to something else, or with its last line.
                        close = later.first { $0.commandId != nil && $0.commandId != command } ?? Array(later).last ?? line
                        outcome = "no closing line: the tool was stopped with its container, or abandoned"
                    }
                    guard let close else { continue }
                    spans.append(Span(
                        stage: stage, start: line.at, end: close.at, container: container, sessionId: sessionId,
                        commandId: command, outcome: outcome))
                }
            }
        }
        for fault in faults {
            marks.append(Mark(at: fault.at, container: "", kind: "fault", text: fault.text))
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
        if marks.contains(where: { $0.container.isEmpty }) {
            events.append(.object([
                "ph": .string("M"), "name": .string("thread_name"), "pid": .number("1"), "tid": .number("0"),
                "args": .object(["name": .string("faults")]),
            ]))
        }
        for mark in marks {
            let lane = mark.container.isEmpty ? 0 : (lanes.firstIndex(of: mark.container) ?? 0) + 1
            events.append(.object([
                "ph": .string("i"), "s": .string("t"), "name": .string(mark.kind), "pid": .number("1"),
                "tid": .number(String(lane)), "ts": .number(micro(mark.at)),
                "args": .object(["text": .string(mark.text)]),
            ]))
        }
        return JSONValue.object(["traceEvents": .array(events), "displayTimeUnit": .string("ms")]).canonicalText + "\n"
    }
}
