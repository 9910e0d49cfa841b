import AWSPorts
import Foundation
import SimKernel

/// A CloudWatch Logs filter pattern (FilterAndPatternSyntax): text terms, quoted phrases, `?` OR terms and
/// `-` exclusions, or a JSON pattern `{ $.a.b = "x" && $.n > 5 || ... }`. Matching is case-sensitive and
/// term matching is by substring, as in CloudWatch. Syntax wsim does not implement (space-delimited `[...]`
/// patterns, `%regex%`) is rejected with an error, never treated as "match everything".
enum FilterPattern {
    case everything
    case terms(required: [String], anyOf: [String], excluded: [String])
    case json(JSONFilter)

    static func parse(_ text: String) throws(AWSError) -> FilterPattern {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty { return .everything }
        if trimmed.hasPrefix("{") {
            do {
                return .json(try JSONFilterParser.parse(trimmed))
            } catch {
                throw invalid("\(error.reason) in JSON filter pattern: \(text)")
            }
        }
        if trimmed.hasPrefix("[") {
            throw invalid("wsim does not support space-delimited filter patterns ([...]): \(text)")
        }
        if trimmed.contains("%") {
            throw invalid("wsim does not support regular-expression filter patterns (%...%): \(text)")
        }
        return try parseTerms(trimmed, original: text)
    }

    func matches(_ message: String) -> Bool {
        switch self {
        case .everything:
            return true
        case .terms(let required, let anyOf, let excluded):
            let bytes = Array(message.utf8)
            func found(_ term: String) -> Bool { term.isEmpty || bytes.firstRange(of: Array(term.utf8)) != nil }
            if !required.allSatisfy(found) { return false }
            if !anyOf.isEmpty && !anyOf.contains(where: found) { return false }
            return !excluded.contains(where: found)
        case .json(let filter):
            guard let document = try? JSONValue.parse(message) else { return false }
            return filter.matches(document)
        }
    }

    private static func parseTerms(_ text: String, original: String) throws(AWSError) -> FilterPattern {
        var required: [String] = []
        var anyOf: [String] = []
        var excluded: [String] = []
        var chars = Array(text)[...]
        while let first = chars.first {
            if first == " " || first == "\t" {
                chars = chars.dropFirst()
                continue
            }
            var kind: Character = " "
            if first == "?" || first == "-" {
                kind = first
                chars = chars.dropFirst()
            }
            var term = ""
            if chars.first == "\"" {
                chars = chars.dropFirst()
                guard let close = chars.firstIndex(of: "\"") else { throw invalid("unterminated quoted term in filter pattern: \(original)") }
                term = String(chars[..<close])
                chars = chars[chars.index(after: close)...]
            } else {
                let end = chars.firstIndex { $0 == " " || $0 == "\t" } ?? chars.endIndex
                term = String(chars[..<end])
                chars = chars[end...]
                guard !term.isEmpty else { throw invalid("empty term in filter pattern: \(original)") }
                guard term.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else {
                    throw invalid(
                        "the term \(term) has characters other than letters, digits and underscore; put it in double quotes: \(original)")
                }
            }
            switch kind {
            case "?": anyOf.append(term)
            case "-": excluded.append(term)
            default: required.append(term)
            }
        }
        if !required.isEmpty && !anyOf.isEmpty {
            throw invalid("a pattern cannot mix required terms with ?optional terms: \(original)")
        }
        return .terms(required: required, anyOf: anyOf, excluded: excluded)
    }

    static func invalid(_ detail: String) -> AWSError {
        AWSError(code: "InvalidParameterException", message: "Invalid filter pattern: \(detail)")
    }
}

/// A JSON filter: selectors compared with values, combined with `&&` and `||`.
indirect enum JSONFilter {
    enum Test {
        case equals(JSONFilterValue)
        case notEquals(JSONFilterValue)
        case numeric(String, Double)
        case isNull
        case isTrue
        case isFalse
        case notExists
    }

    case and(JSONFilter, JSONFilter)
    case or(JSONFilter, JSONFilter)
    case test([JSONSelectorElement], Test)

    func matches(_ document: JSONValue) -> Bool {
        switch self {
        case .and(let a, let b): return a.matches(document) && b.matches(document)
        case .or(let a, let b): return a.matches(document) || b.matches(document)
        case .test(let selector, let test):
            let selected = JSONSelectorElement.select(selector, in: document)
            switch test {
            case .notExists: return selected == nil
            case .isNull: return selected == .null
            case .isTrue: return selected == .bool(true)
            case .isFalse: return selected == .bool(false)
            case .equals(let value): return selected.map { value.matches($0) } ?? false
            case .notEquals(let value):
                guard let selected, selected.isValueNode else { return false }
                return !value.matches(selected)
            case .numeric(let op, let bound):
                guard case .number(let text)? = selected, let number = Double(text) else { return false }
                switch op {
                case "<": return number < bound
                case "<=": return number <= bound
                case ">": return number > bound
                default: return number >= bound
                }
            }
        }
    }
}

enum JSONSelectorElement: Equatable {
    case member(String)
    case index(Int)

    static func select(_ path: [JSONSelectorElement], in document: JSONValue) -> JSONValue? {
        var current = document
        for element in path {
            switch (element, current) {
            case (.member(let name), .object(let members)):
                guard let next = members[name] else { return nil }
                current = next
            case (.index(let index), .array(let elements)):
                guard index < elements.count else { return nil }
                current = elements[index]
            default:
                return nil
            }
        }
        return current
    }
}

/// The right-hand side of `=` and `!=`: a number, or a string with optional `*` at its start or end.
struct JSONFilterValue {
    let text: String
    let isNumber: Bool

    func matches(_ value: JSONValue) -> Bool {
        switch value {
        case .number(let n):
            if isNumber, let a = Double(n), let b = Double(text) { return a == b }
            return wildcardMatch(n)
        case .string(let s): return wildcardMatch(s)
        case .bool(let b): return text == (b ? "true" : "false")
        default: return false
        }
    }

    private func wildcardMatch(_ candidate: String) -> Bool {
        let leading = text.hasPrefix("*")
        let trailing = text.hasSuffix("*") && text.count > 1
        var core = text
        if leading { core.removeFirst() }
        if trailing { core.removeLast() }
        switch (leading, trailing) {
        case (true, true): return core.isEmpty || Array(candidate.utf8).firstRange(of: Array(core.utf8)) != nil  // bytes, as CloudWatch compares
        case (true, false): return candidate.utf8.reversed().starts(with: core.utf8.reversed())
        case (false, true): return candidate.utf8.starts(with: core.utf8)
        default: return candidate.utf8.elementsEqual(core.utf8)
        }
    }
}

extension JSONValue {
    var isValueNode: Bool {
        switch self {
        case .array, .object: false
        default: true
        }
    }
}

/// Checks a filter pattern before it is used (a scenario file's `log` checks and `waitForLog` steps).
public enum LogFilterPatternCheck {
    /// Why wsim cannot use the pattern, or nil when it can.
    public static func problem(in pattern: String) -> String? {
        do {
            _ = try FilterPattern.parse(pattern)
            return nil
        } catch {
            return error.message
        }
    }
}
