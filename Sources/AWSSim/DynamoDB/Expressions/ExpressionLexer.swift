/// Tokens of DynamoDB's expression language.
enum ExpressionToken: Equatable {
    /// A bare word: an attribute name, a keyword (AND, SET, ...) or a function name.
    case word(String)
    /// `#name`
    case namePlaceholder(String)
    /// `:value`
    case valuePlaceholder(String)
    /// Digits (list indexes).
    case number(Int)
    /// `( ) , . [ ] = <> < <= > >= + -`
    case symbol(String)
    case end

    var text: String {
        switch self {
        case .word(let w): w
        case .namePlaceholder(let n): n
        case .valuePlaceholder(let v): v
        case .number(let n): String(n)
        case .symbol(let s): s
        case .end: "<EOF>"
        }
    }
}

/// Splits an expression into tokens, remembering where each starts (for "near:" in syntax errors).
struct ExpressionLexer {
    static func tokenize(_ text: String) throws(ExpressionError) -> [(token: ExpressionToken, offset: Int)] {
        let bytes = Array(text.utf8)
        var tokens: [(ExpressionToken, Int)] = []
        var index = 0
        func isWordByte(_ b: UInt8) -> Bool {
            (48...57).contains(b) || (65...90).contains(b) || (97...122).contains(b) || b == 95
        }
        while index < bytes.count {
            let byte = bytes[index]
            let start = index
            switch byte {
            case 32, 9, 10, 13:
                index += 1
            case 35, 58:  // # :
                index += 1
                while index < bytes.count, isWordByte(bytes[index]) { index += 1 }
                guard index > start + 1 else {
                    throw ExpressionError(detail: "Syntax error; token: \"\(Character(Unicode.Scalar(byte)))\", near: \"\(near(bytes, start))\"")
                }
                let name = String(decoding: bytes[start..<index], as: UTF8.self)
                tokens.append((byte == 35 ? .namePlaceholder(name) : .valuePlaceholder(name), start))
            case 48...57:
                while index < bytes.count, (48...57).contains(bytes[index]) { index += 1 }
                if index < bytes.count, isWordByte(bytes[index]) {
                    while index < bytes.count, isWordByte(bytes[index]) { index += 1 }
                    tokens.append((.word(String(decoding: bytes[start..<index], as: UTF8.self)), start))
                } else {
                    guard let value = Int(String(decoding: bytes[start..<index], as: UTF8.self)) else {
                        throw ExpressionError(detail: "Syntax error; token: \"\(String(decoding: bytes[start..<index], as: UTF8.self))\", near: \"\(near(bytes, start))\"")
                    }
                    tokens.append((.number(value), start))
                }
            case 60, 62:  // < >
                index += 1
                if index < bytes.count, bytes[index] == 61 || (byte == 60 && bytes[index] == 62) { index += 1 }
                tokens.append((.symbol(String(decoding: bytes[start..<index], as: UTF8.self)), start))
            case 40, 41, 44, 46, 91, 93, 61, 43, 45:  // ( ) , . [ ] = + -
                index += 1
                tokens.append((.symbol(String(UnicodeScalar(byte))), start))
            default:
                if isWordByte(byte) {
                    while index < bytes.count, isWordByte(bytes[index]) { index += 1 }
                    tokens.append((.word(String(decoding: bytes[start..<index], as: UTF8.self)), start))
                } else {
                    let character = String(decoding: bytes[start..<min(bytes.count, start + 1)], as: UTF8.self)
                    throw ExpressionError(detail: "Syntax error; token: \"\(character)\", near: \"\(near(bytes, start))\"")
                }
            }
        }
        tokens.append((.end, bytes.count))
        return tokens
    }

    static func near(_ bytes: [UInt8], _ offset: Int) -> String {
        let from = max(0, offset - 8)
        let to = min(bytes.count, offset + 8)
        return String(decoding: bytes[from..<to], as: UTF8.self)
    }
}
