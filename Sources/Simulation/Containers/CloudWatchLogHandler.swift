import Logging
import SimKernel

/// A swift-log handler that writes each line as a JSON object (`level`, `message` and the metadata, keys
/// sorted) to a container's log stream at simulated time, so CloudWatch filter patterns work on it both as
/// text (`"S3 sync complete" "session-aaa-111"`) and as JSON (`{ $.commandId = "cmd-001" }`).
public struct CloudWatchLogHandler: LogHandler {
    let shipper: LogShipper
    /// Text replaced in every line (the run directory, so temp paths never reach a trace).
    let scrubs: [(String, String)]
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level = .info

    public init(shipper: LogShipper, scrubs: [(String, String)] = []) {
        self.shipper = shipper
        self.scrubs = scrubs
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var message = "\(event.message)"
        for (text, replacement) in scrubs { message = message.replacingOccurrences(of: text, with: replacement) }
        var object: [String: JSONValue] = ["level": .string(Self.levelName(event.level)), "message": .string(message)]
        for (key, value) in metadata.merging(event.metadata ?? [:], uniquingKeysWith: { $1 }) where object[key] == nil {
            object[key] = .string("\(value)")
        }
        shipper.append(fields: object)
    }

    /// `ERROR`, `WARNING`, `INFO`...: upper case, so the seed's own monitoring command
    /// (`aws logs filter-log-events --filter-pattern "ERROR"`, terms case-sensitive) finds the error lines.
    static func levelName(_ level: Logger.Level) -> String {
        switch level {
        case .trace: "TRACE"
        case .debug: "DEBUG"
        case .info: "INFO"
        case .notice: "NOTICE"
        case .warning: "WARNING"
        case .error: "ERROR"
        case .critical: "CRITICAL"
        }
    }
}
