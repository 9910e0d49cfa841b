/// Parses `{ SELECTOR OP VALUE [&& | || ...] }` with parentheses; `&&` binds tighter than `||`.
struct JSONFilterParser {
    struct Failure: Error {
        let reason: String
    }

    private let chars: [Character]
    private var index = 0

    static func parse(_ text: String) throws(Failure) -> JSONFilter {
        var parser = JSONFilterParser(chars: Array(text))
        try parser.expect("{")
        let filter = try parser.parseOr()
        try parser.expect("}")
        parser.skipSpace()
        guard parser.index == parser.chars.count else { throw Failure(reason: "unexpected text after }") }
        return filter
    }

    private init(chars: [Character]) { self.chars = chars }

    private mutating func parseOr() throws(Failure) -> JSONFilter {
        var node = try parseAnd()
        while take("||") { node = .or(node, try parseAnd()) }
        return node
    }

    private mutating func parseAnd() throws(Failure) -> JSONFilter {
        var node = try parseUnary()
        while take("&&") { node = .and(node, try parseUnary()) }
        return node
    }

    private mutating func parseUnary() throws(Failure) -> JSONFilter {
        if take("(") {
            let node = try parseOr()
            try expect(")")
            return node
        }
        let selector = try parseSelector()
        if takeWord("IS") {
            if takeWord("NULL") { return .test(selector, .isNull) }
            if takeWord("TRUE") { return .test(selector, .isTrue) }
            if takeWord("FALSE") { return .test(selector, .isFalse) }
            throw Failure(reason: "expected NULL, TRUE or FALSE after IS")
        }
        if takeWord("NOT") {
            guard takeWord("EXISTS") else { throw Failure(reason: "expected EXISTS after NOT") }
            return .test(selector, .notExists)
        }
        for op in ["!=", "<=", ">=", "=", "<", ">"] where take(op) {
            let value = try parseValue()
            switch op {
            case "=": return .test(selector, .equals(value))
            case "!=": return .test(selector, .notEquals(value))
            default:
                guard value.isNumber, let bound = Double(value.text) else {
                    throw Failure(reason: "\(op) needs a number, got \(value.text)")
                }
                return .test(selector, .numeric(op, bound))
            }
        }
        throw Failure(reason: "expected a comparison after the selector")
    }

    private mutating func parseSelector() throws(Failure) -> [JSONSelectorElement] {
        skipSpace()
        guard index < chars.count, chars[index] == "$" else { throw Failure(reason: "a selector must start with $") }
        index += 1
        var path: [JSONSelectorElement] = []
        while index < chars.count {
            if chars[index] == "." {
                index += 1
                let start = index
                while index < chars.count, chars[index].isLetter || chars[index].isNumber || chars[index] == "_" || chars[index] == "-" {
                    index += 1
                }
                guard index > start else { throw Failure(reason: "empty property name in selector") }
                path.append(.member(String(chars[start..<index])))
            } else if chars[index] == "[" {
                index += 1
                let start = index
                while index < chars.count, chars[index].isNumber { index += 1 }
                guard index > start, index < chars.count, chars[index] == "]", let number = Int(String(chars[start..<index])) else {
                    throw Failure(reason: "array selectors need a number in brackets")
                }
                index += 1
                path.append(.index(number))
            } else {
                break
            }
        }
        guard !path.isEmpty else { throw Failure(reason: "a selector needs at least one property") }
        return path
    }

    private mutating func parseValue() throws(Failure) -> JSONFilterValue {
        skipSpace()
        guard index < chars.count else { throw Failure(reason: "missing value") }
        if chars[index] == "\"" {
            index += 1
            var text = ""
            while index < chars.count, chars[index] != "\"" {
                if chars[index] == "\\", index + 1 < chars.count { index += 1 }
                text.append(chars[index])
                index += 1
            }
            guard index < chars.count else { throw Failure(reason: "unterminated string") }
            index += 1
            return JSONFilterValue(text: text, isNumber: false)
        }
        let start = index
        while index < chars.count, !" \t)&|}".contains(chars[index]) { index += 1 }
        let text = String(chars[start..<index])
        guard !text.isEmpty else { throw Failure(reason: "missing value") }
        let isNumber = Double(text) != nil && text.allSatisfy { $0.isNumber || "+-.eE".contains($0) }
        return JSONFilterValue(text: text, isNumber: isNumber)
    }

    private mutating func skipSpace() {
        while index < chars.count, chars[index] == " " || chars[index] == "\t" { index += 1 }
    }

    private mutating func take(_ token: String) -> Bool {
        skipSpace()
        let tokenChars = Array(token)
        guard index + tokenChars.count <= chars.count, Array(chars[index..<(index + tokenChars.count)]) == tokenChars else {
            return false
        }
        index += tokenChars.count
        return true
    }

    private mutating func takeWord(_ word: String) -> Bool {
        let saved = index
        guard take(word) else { return false }
        if index < chars.count, chars[index].isLetter {
            index = saved
            return false
        }
        return true
    }

    private mutating func expect(_ token: String) throws(Failure) {
        guard take(token) else { throw Failure(reason: "expected \(token)") }
    }
}
