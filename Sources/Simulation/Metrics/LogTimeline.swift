import AWSPorts
import AWSSim
import SimKernel
import Worker

/// The edit log group read back as lines with their fields: what happened to each command, and when, on
/// simulated time. Timestamps come from the simulation's log handler, not from the worker.
public struct LogTimeline: Sendable {
    public struct Line: Sendable {
        public var at: Instant
        public var level: String
        public var message: String
        public var commandId: String?
        public var sessionId: String?
        public var containerId: String?
    }

    /// The operations of SPEC section 3 whose durations the reports show, with the log lines that open and
    /// close them.
    public enum Operation: String, CaseIterable, Sendable {
        case sessionSwitch = "Session switch"
        case claude = "Claude execution"
        case build = "Astro build"
        case sync = "S3 sync"
        case push = "Git push"
        case total = "Total workflow"
        /// A session created with no container for its site, to a container owning the site (Task 07).
        case coldStart = "Cold start (session to container ready)"
        /// An edit task asked for, to RUNNING.
        case scaleUp = "Scale-up (task requested to running)"
        /// A container's last command, to its task STOPPED by scale-in after the idle timeout.
        case idleShutdown = "Idle shutdown (last command to task stopped)"

        /// Whether the edit log group times it (the others come from ECS and the workload).
        var isLogged: Bool { ![.coldStart, .scaleUp, .idleShutdown].contains(self) }

        /// The seed's target (Task 05's performance table, Task 07's cold start and scaling).
        public var target: Duration {
            switch self {
            case .sessionSwitch: .seconds(5)
            case .claude: .seconds(30)
            case .build: .seconds(60)
            case .sync: .seconds(30)
            case .push: .seconds(10)
            case .total: .seconds(120)
            case .coldStart: .seconds(60)
            case .scaleUp: .seconds(60)
            case .idleShutdown: .seconds(360)
            }
        }

        var bounds: (start: String, end: String) {
            switch self {
            case .coldStart, .scaleUp, .idleShutdown: ("", "")
            case .sessionSwitch: (LogLine.processingCommand, LogLine.runningClaude)
            case .claude: (LogLine.runningClaude, LogLine.claudeFinished)
            case .build: (LogLine.startingBuild, LogLine.buildComplete)
            case .sync: (LogLine.startingSync, LogLine.syncComplete)
            case .push: (LogLine.pushing, LogLine.pushComplete)
            case .total: (LogLine.processingCommand, LogLine.processingComplete)
            }
        }
    }

    public var lines: [Line]

    public static func read(_ aws: SimulatedAWS, group: String = WorldNames.editLogGroup) -> LogTimeline {
        var lines: [Line] = []
        var token: String?
        repeat {
            guard let page = try? aws.logs.filterLogEvents(FilterLogEventsRequest(logGroupName: group, nextToken: token)) else { break }
            for event in page.events {
                let object = (try? JSONValue.parse(event.message))?.objectValue ?? [:]
                lines.append(Line(
                    at: Instant(nanosecondsSinceUnixEpoch: event.timestamp * 1_000_000), level: object["level"]?.stringValue ?? "",
                    message: object["message"]?.stringValue ?? event.message, commandId: object["commandId"]?.stringValue,
                    sessionId: object["sessionId"]?.stringValue, containerId: object["containerId"]?.stringValue))
            }
            token = page.nextToken
        } while token != nil
        return LogTimeline(lines: lines)
    }

    public func lines(of commandId: String) -> [Line] { lines.filter { $0.commandId == commandId } }

    /// How long a logged operation took for the command: the total workflow from the command's first send
    /// (`sentAt`) to its `Processing complete`; each other operation by `duration(of:command:)`. The reports and
    /// the scenarios' `metrics` checks both measure here.
    public func measure(_ operation: Operation, command commandId: String, sentAt: Instant?) -> Duration? {
        guard operation == .total else { return duration(of: operation, command: commandId) }
        guard let sentAt, let done = lines(of: commandId).first(where: { $0.message == LogLine.processingComplete })?.at else { return nil }
        return done - sentAt
    }

    /// How long `operation` took for the command (the first opening line to the first closing one after it).
    public func duration(of operation: Operation, command commandId: String) -> Duration? {
        // A command redelivered after a crash opens the operation twice: pair each opening with a closing
        // line of the same container, and take the first complete pair.
        let own = lines(of: commandId)
        for start in own where start.message.hasPrefix(operation.bounds.start) {
            if let end = own.first(where: {
                $0.message.hasPrefix(operation.bounds.end) && $0.at >= start.at && $0.containerId == start.containerId
            }) {
                return end.at - start.at
            }
        }
        return nil
    }
}
