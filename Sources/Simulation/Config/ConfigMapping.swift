import Foundation
import Yams

/// A checked mapping: values by key, with typed accessors that name the key when something is wrong.
public struct ConfigMapping {
    let owner: ConfigNode
    let entries: [(key: String, value: ConfigNode)]

    public subscript(_ key: String) -> ConfigNode? {
        entries.first { $0.key == key && !$0.value.isNull }?.value
    }

    public func required(_ key: String) throws(ConfigError) -> ConfigNode {
        guard let value = self[key] else { throw owner.error("the key \(key) is required") }
        return value
    }

    public var keys: [String] { entries.map(\.key) }

    public func string(_ key: String) throws(ConfigError) -> String { try required(key).string() }
    public func optionalString(_ key: String) throws(ConfigError) -> String? { try self[key]?.string() }
    public func optionalInt(_ key: String) throws(ConfigError) -> Int? { try self[key]?.int() }
    public func optionalDouble(_ key: String) throws(ConfigError) -> Double? { try self[key]?.double() }
    public func optionalBool(_ key: String) throws(ConfigError) -> Bool? { try self[key]?.bool() }
    public func optionalDuration(_ key: String) throws(ConfigError) -> Duration? { try self[key]?.duration() }
    public func int(_ key: String) throws(ConfigError) -> Int { try required(key).int() }
    public func duration(_ key: String) throws(ConfigError) -> Duration { try required(key).duration() }

    /// A string, or a list of strings, as a list.
    public func strings(_ key: String) throws(ConfigError) -> [String]? {
        guard let value = self[key] else { return nil }
        if case .sequence = value.node { return try value.sequence().map { node throws(ConfigError) in try node.string() } }
        return [try value.string()]
    }

    /// The one key of `choices` present; an error when none or several are.
    public func exactlyOne(of choices: [String], what: String) throws(ConfigError) -> (key: String, value: ConfigNode) {
        let present = choices.filter { self[$0] != nil }
        guard present.count == 1, let key = present.first, let value = self[key] else {
            let problem = present.isEmpty
                ? "says no \(what); give one of: \(choices.joined(separator: ", "))"
                : "gives several \(what)s (\(present.joined(separator: ", "))); give exactly one"
            throw owner.error(problem)
        }
        return (key, value)
    }
}
