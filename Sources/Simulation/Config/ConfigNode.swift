import Foundation
import Yams

/// A value read from a YAML config file that remembers where it came from, so every error names the file,
/// line and key. Mappings are read with the keys they allow: an unknown key is an error, never ignored.
public struct ConfigNode {
    let node: Node
    public let file: String
    /// The key path from the document root, e.g. `sites[3].bucket`.
    public let path: String

    init(node: Node, file: String, path: String) {
        self.node = node
        self.file = file
        self.path = path
    }

    /// Parses `text` (the contents of `file`).
    public static func parse(_ text: String, file: String) throws(ConfigError) -> ConfigNode {
        do {
            guard let node = try Yams.compose(yaml: text) else {
                throw ConfigError(file: file, line: nil, key: nil, problem: "the file is empty")
            }
            return ConfigNode(node: node, file: file, path: "")
        } catch let error as ConfigError {
            throw error
        } catch let error as YamlError {
            throw ConfigError(file: file, line: Self.line(of: error), key: nil, problem: "not valid YAML: \(Self.describe(error))")
        } catch {
            throw ConfigError(file: file, line: nil, key: nil, problem: "not valid YAML: \(error)")
        }
    }

    /// Reads and parses a file; `displayName` is how errors name it.
    public static func load(_ url: URL, displayName: String) throws(ConfigError) -> ConfigNode {
        let text: String
        do {
            text = try String(contentsOf: url, encoding: .utf8)
        } catch {
            throw ConfigError(file: displayName, line: nil, key: nil, problem: "cannot be read: \(error.localizedDescription)")
        }
        return try parse(text, file: displayName)
    }

    public var line: Int? { node.mark?.line }

    public func error(_ problem: String) -> ConfigError {
        ConfigError(file: file, line: line, key: path.isEmpty ? nil : path, problem: problem)
    }

    // MARK: Scalars

    public func string() throws(ConfigError) -> String {
        guard case .scalar(let scalar) = node else { throw error("expected a string, found \(kind)") }
        return scalar.string
    }

    public func int() throws(ConfigError) -> Int {
        guard case .scalar(let scalar) = node, let value = Int(scalar.string.replacingOccurrences(of: "_", with: "")) else {
            throw error("expected a whole number, found \(describeValue)")
        }
        return value
    }

    public func double() throws(ConfigError) -> Double {
        guard case .scalar(let scalar) = node, let value = Double(scalar.string) else {
            throw error("expected a number, found \(describeValue)")
        }
        return value
    }

    public func bool() throws(ConfigError) -> Bool {
        guard case .scalar(let scalar) = node else { throw error("expected true or false, found \(kind)") }
        switch scalar.string.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default: throw error("expected true or false, found \(describeValue)")
        }
    }

    /// `500ms`, `2s`, `1.5s`, `3m`, `1h`, or `0`.
    public func duration() throws(ConfigError) -> Duration {
        guard case .scalar(let scalar) = node else { throw error("expected a duration such as 500ms, 2s or 3m, found \(kind)") }
        let text = scalar.string.trimmingCharacters(in: .whitespaces)
        guard let duration = Self.parseDuration(text) else { throw error("expected a duration such as 500ms, 2s or 3m, found \"\(text)\"") }
        return duration
    }

    /// `500ms`, `2s`, `1.5s`, `3m`, `1h`, or `0`; nil for anything else.
    public static func parseDuration(_ text: String) -> Duration? {
        if text == "0" { return .zero }
        for (unit, seconds) in [("ms", 0.001), ("s", 1.0), ("m", 60.0), ("h", 3600.0)] where text.hasSuffix(unit) {
            let number = text.dropLast(unit.count)
            // Digits only (no "inf", "nan" or exponents), and small enough for nanoseconds in 64 bits.
            guard !number.isEmpty, number.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }),
                  let value = Double(number), let nanoseconds = Int64(exactly: (value * seconds * 1e9).rounded())
            else { continue }
            return .nanoseconds(nanoseconds)
        }
        return nil
    }

    // MARK: Collections

    public func sequence() throws(ConfigError) -> [ConfigNode] {
        guard case .sequence(let items) = node else { throw error("expected a list, found \(kind)") }
        return items.enumerated().map { ConfigNode(node: $1, file: file, path: "\(path)[\($0)]") }
    }

    /// The mapping, checked against the keys it may have (nil: any key, such as HTTP header names).
    public func mapping(allowed: [String]?) throws(ConfigError) -> ConfigMapping {
        guard case .mapping(let mapping) = node else { throw error("expected a mapping of keys to values, found \(kind)") }
        var entries: [(key: String, value: ConfigNode)] = []
        var problems = ConfigCollector()
        for (keyNode, valueNode) in mapping {
            guard case .scalar(let scalar) = keyNode else {
                problems.note(ConfigError(file: file, line: keyNode.mark?.line, key: path.isEmpty ? nil : path, problem: "keys must be strings"))
                continue
            }
            let key = scalar.string
            let childPath = path.isEmpty ? key : "\(path).\(key)"
            if let allowed, !allowed.contains(key) {
                var problem = "unknown key"
                if let near = Self.closest(to: key, in: allowed) { problem += " (did you mean \(near)?)" }
                problem += "; allowed here: \(allowed.joined(separator: ", "))"
                problems.note(ConfigError(file: file, line: keyNode.mark?.line, key: childPath, problem: problem))
                continue
            }
            if entries.contains(where: { $0.key == key }) {
                problems.note(ConfigError(file: file, line: keyNode.mark?.line, key: childPath, problem: "the key appears twice"))
                continue
            }
            entries.append((key, ConfigNode(node: valueNode, file: file, path: childPath)))
        }
        try problems.finish()
        return ConfigMapping(owner: self, entries: entries)
    }

    /// A mapping whose keys are names chosen by the user (message names, site ids), in file order.
    public func namedEntries() throws(ConfigError) -> [(name: String, value: ConfigNode)] {
        guard case .mapping(let mapping) = node else { throw error("expected a mapping of names to values, found \(kind)") }
        var entries: [(name: String, value: ConfigNode)] = []
        for (keyNode, valueNode) in mapping {
            guard case .scalar(let scalar) = keyNode else {
                throw ConfigError(file: file, line: keyNode.mark?.line, key: path.isEmpty ? nil : path, problem: "names must be strings")
            }
            let childPath = path.isEmpty ? scalar.string : "\(path).\(scalar.string)"
            if entries.contains(where: { $0.name == scalar.string }) {
                throw ConfigError(file: file, line: keyNode.mark?.line, key: childPath, problem: "the name appears twice")
            }
            entries.append((scalar.string, ConfigNode(node: valueNode, file: file, path: childPath)))
        }
        return entries
    }

    var isNull: Bool {
        guard case .scalar(let scalar) = node, scalar.style == .plain else { return false }
        return ["", "~", "null", "Null", "NULL"].contains(scalar.string)
    }

    var kind: String {
        switch node {
        case .scalar: "a single value"
        case .mapping: "a mapping"
        case .sequence: "a list"
        case .alias: "an alias"
        }
    }

    var describeValue: String {
        if case .scalar(let scalar) = node { return "\"\(scalar.string)\"" }
        return kind
    }

    static func closest(to key: String, in allowed: [String]) -> String? {
        let scored = allowed.map { ($0, editDistance(key.lowercased(), $0.lowercased())) }
        guard let best = scored.min(by: { $0.1 < $1.1 }), best.1 <= max(2, key.count / 3) else { return nil }
        return best.0
    }

    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }

    static func line(of error: YamlError) -> Int? {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _): mark.line
        default: nil
        }
    }

    static func describe(_ error: YamlError) -> String {
        switch error {
        case .scanner(let context, let problem, _, _), .parser(let context, let problem, _, _), .composer(let context, let problem, _, _):
            ([context?.description, problem].compactMap { $0 }.filter { !$0.isEmpty }).joined(separator: ": ")
        default: "\(error)"
        }
    }
}
