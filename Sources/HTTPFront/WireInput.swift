import AWSPorts
import Foundation
import SimKernel

/// The members of a JSON-protocol request body, read with the checks AWS makes before an operation runs: a
/// missing required member or a member of the wrong type is the service's own validation error, naming the
/// member.
struct WireInput {
    let members: [String: JSONValue]
    let service: AWSServiceName
    /// Query-protocol input: every scalar arrives as text, so numbers and booleans are read from strings.
    let fromForm: Bool

    init(_ value: JSONValue, service: AWSServiceName) throws(AWSError) {
        guard case .object(let members) = value else {
            throw WireErrors.serialization("the request body must be a JSON object", service: service)
        }
        self.members = members
        self.service = service
        self.fromForm = false
    }

    init(members: [String: JSONValue], service: AWSServiceName, fromForm: Bool = false) {
        self.members = members
        self.service = service
        self.fromForm = fromForm
    }

    func has(_ name: String) -> Bool {
        if let value = members[name], value != .null { return true }
        return false
    }

    func string(_ name: String) throws(AWSError) -> String {
        guard let value = try optionalString(name) else { throw WireErrors.missing(name, service: service) }
        return value
    }

    func optionalString(_ name: String) throws(AWSError) -> String? {
        switch members[name] {
        case nil, .null?: return nil
        case .string(let text)?: return text
        default: throw WireErrors.wrongType(name, expected: "a string", service: service)
        }
    }

    func int(_ name: String) throws(AWSError) -> Int {
        guard let value = try optionalInt(name) else { throw WireErrors.missing(name, service: service) }
        return value
    }

    func optionalInt(_ name: String) throws(AWSError) -> Int? {
        guard let value = try optionalInt64(name) else { return nil }
        guard let int = Int(exactly: value) else { throw WireErrors.wrongType(name, expected: "an integer", service: service) }
        return int
    }

    func optionalInt64(_ name: String) throws(AWSError) -> Int64? {
        switch members[name] {
        case nil, .null?: return nil
        case .number(let text)?:
            if let value = Int64(text) { return value }
            // Some SDKs send whole numbers as 5.0 or 5e0.
            if let double = Double(text), double.rounded() == double, let value = Int64(exactly: double) { return value }
            throw WireErrors.wrongType(name, expected: "an integer", service: service)
        case .string(let text)? where fromForm:
            guard let value = Int64(text) else { throw WireErrors.wrongType(name, expected: "an integer", service: service) }
            return value
        default: throw WireErrors.wrongType(name, expected: "a number", service: service)
        }
    }

    /// Timestamps of the JSON protocols: epoch seconds, possibly fractional.
    func optionalEpochSeconds(_ name: String) throws(AWSError) -> Double? {
        switch members[name] {
        case nil, .null?: return nil
        case .number(let text)?:
            guard let value = Double(text) else { throw WireErrors.wrongType(name, expected: "a timestamp", service: service) }
            return value
        default: throw WireErrors.wrongType(name, expected: "a timestamp", service: service)
        }
    }

    func optionalBool(_ name: String) throws(AWSError) -> Bool? {
        switch members[name] {
        case nil, .null?: return nil
        case .bool(let value)?: return value
        case .string(let text)? where fromForm && (text == "true" || text == "false"): return text == "true"
        default: throw WireErrors.wrongType(name, expected: "a boolean", service: service)
        }
    }

    func bool(_ name: String, default fallback: Bool) throws(AWSError) -> Bool {
        try optionalBool(name) ?? fallback
    }

    func optionalObject(_ name: String) throws(AWSError) -> [String: JSONValue]? {
        switch members[name] {
        case nil, .null?: return nil
        case .object(let value)?: return value
        default: throw WireErrors.wrongType(name, expected: "an object", service: service)
        }
    }

    func optionalArray(_ name: String) throws(AWSError) -> [JSONValue]? {
        switch members[name] {
        case nil, .null?: return nil
        case .array(let value)?: return value
        default: throw WireErrors.wrongType(name, expected: "a list", service: service)
        }
    }

    func stringList(_ name: String) throws(AWSError) -> [String]? {
        guard let list = try optionalArray(name) else { return nil }
        var strings: [String] = []
        for element in list {
            guard case .string(let text) = element else {
                throw WireErrors.wrongType(name, expected: "a list of strings", service: service)
            }
            strings.append(text)
        }
        return strings
    }

    func stringMap(_ name: String) throws(AWSError) -> [String: String]? {
        guard let object = try optionalObject(name) else { return nil }
        var map: [String: String] = [:]
        for (key, value) in object {
            guard case .string(let text) = value else {
                throw WireErrors.wrongType("\(name).\(key)", expected: "a string", service: service)
            }
            map[key] = text
        }
        return map
    }

    /// A member that is a list of objects, each read as its own input.
    func objectList(_ name: String) throws(AWSError) -> [WireInput]? {
        guard let list = try optionalArray(name) else { return nil }
        var inputs: [WireInput] = []
        for element in list {
            guard case .object(let members) = element else {
                throw WireErrors.wrongType(name, expected: "a list of objects", service: service)
            }
            inputs.append(WireInput(members: members, service: service, fromForm: fromForm))
        }
        return inputs
    }

    func object(_ name: String) throws(AWSError) -> WireInput? {
        guard let members = try optionalObject(name) else { return nil }
        return WireInput(members: members, service: service, fromForm: fromForm)
    }
}

/// Helpers to build JSON answers.
enum JSONAnswer {
    static func number(_ value: Int) -> JSONValue { .number(String(value)) }
    static func number(_ value: Int64) -> JSONValue { .number(String(value)) }

    /// A JSON-protocol timestamp: epoch seconds with milliseconds.
    static func epochSeconds(_ instant: Instant) -> JSONValue {
        let millis = instant.nanosecondsSinceUnixEpoch / 1_000_000
        let whole = millis / 1000
        let fraction = millis % 1000
        return .number(fraction == 0 ? String(whole) : "\(whole).\(String(format: "%03d", Int(fraction)))")
    }

    /// Drops nil members so that absent fields are absent, as in AWS's answers.
    static func object(_ pairs: [(String, JSONValue?)]) -> JSONValue {
        var members: [String: JSONValue] = [:]
        for (key, value) in pairs { if let value { members[key] = value } }
        return .object(members)
    }

    static func strings(_ values: [String]) -> JSONValue { .array(values.map { .string($0) }) }

    static func stringMap(_ map: [String: String]) -> JSONValue { .object(map.mapValues { .string($0) }) }
}
