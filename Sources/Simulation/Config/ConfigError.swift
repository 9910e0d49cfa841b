/// A problem in a sim config file (seed set, scenario, fault plan), naming the file, the line and the key.
public struct ConfigError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The file as the user named it (relative to the project when it is inside it).
    public var file: String
    public var line: Int?
    /// The key path, e.g. `faults[2].probability`.
    public var key: String?
    public var problem: String

    public init(file: String, line: Int?, key: String?, problem: String) {
        self.file = file
        self.line = line
        self.key = key
        self.problem = problem
    }

    /// `Simulator/faults/s3-slow.yaml:12: faults[0].probabilty: unknown key (did you mean probability?)`
    public var description: String {
        var text = file
        if let line { text += ":\(line)" }
        text += ": "
        if let key, !key.isEmpty { text += key + ": " }
        return text + problem
    }
}
