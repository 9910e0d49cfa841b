/// A problem in a sim config file (seed set, scenario, fault plan, fault space), naming the file, the line and
/// the key. Loaders read each part of a file (a rule, a step, a check) on its own, so one error can carry the
/// others found in the same pass (`others`): `wsim check` and `wsim run` report every one at once.
public struct ConfigError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The file as the user named it (relative to the project when it is inside it).
    public var file: String
    public var line: Int?
    /// The key path, e.g. `faults[2].probability`.
    public var key: String?
    public var problem: String
    /// Further errors found in the same pass, in file order.
    public var others: [ConfigError]

    public init(file: String, line: Int?, key: String?, problem: String, others: [ConfigError] = []) {
        self.file = file
        self.line = line
        self.key = key
        self.problem = problem
        self.others = others
    }

    /// This error and the others, each alone.
    public var all: [ConfigError] {
        var first = self
        first.others = []
        return [first] + others.flatMap(\.all)
    }

    /// `Simulator/faults/s3-slow.yaml:12: faults[0].probabilty: unknown key (did you mean probability?)`, a
    /// line for each error when there are several.
    public var description: String {
        all.map(\.oneLine).joined(separator: "\n")
    }

    /// This error alone (without the others), on one line.
    public var oneLine: String {
        var text = file
        if let line { text += ":\(line)" }
        text += ": "
        if let key, !key.isEmpty { text += key + ": " }
        return text + problem
    }
}
