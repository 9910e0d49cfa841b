import SimKernel

/// A value in an Astro template scope: a string, a number, or an object (an imported JSON file, props).
indirect enum AstroValue: Equatable {
    case string(String)
    case number(String)
    case bool(Bool)
    case object([String: AstroValue])
    case null

    init(json: JSONValue) {
        switch json {
        case .string(let s): self = .string(s)
        case .number(let n): self = .number(n)
        case .bool(let b): self = .bool(b)
        case .null: self = .null
        case .array(let elements): self = .string(elements.map { AstroValue(json: $0).text }.joined(separator: ","))
        case .object(let members): self = .object(members.mapValues(AstroValue.init(json:)))
        }
    }

    /// How `{value}` renders.
    var text: String {
        switch self {
        case .string(let s): s
        case .number(let n): n
        case .bool(let b): b ? "true" : "false"
        case .null: ""
        case .object: "[object Object]"
        }
    }

    func member(_ name: String) -> AstroValue? {
        if case .object(let members) = self { return members[name] }
        return nil
    }
}

/// A build error with the file and line, as Astro reports it.
struct AstroError: Error, CustomStringConvertible {
    let file: String
    let line: Int
    let message: String

    var description: String { "\(file):\(line): \(message)" }
}
