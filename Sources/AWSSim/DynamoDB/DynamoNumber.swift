import Foundation

/// A DynamoDB number: up to 38 significant digits, magnitude from 1E-130 to under 1E+126. Parsed from its
/// text without floating point; compared exactly; written back normalised ("1.50" reads back as "1.5").
struct DynamoNumber: Comparable, Hashable {
    /// Negative, zero or positive.
    let sign: Int
    /// Significant digits without leading or trailing zeros ("" for zero).
    let digits: [UInt8]
    /// The value is 0.d1d2d3... × 10^exponent.
    let exponent: Int

    enum Problem: Error {
        case notANumber
        case tooManyDigits
        case overflow
        case underflow
    }

    init(_ text: String) throws(Problem) {
        var bytes = Array(text.utf8)[...]
        var negative = false
        if let first = bytes.first, first == 43 || first == 45 {
            negative = first == 45
            bytes = bytes.dropFirst()
        }
        var mantissa: [UInt8] = []
        var pointPosition: Int?
        var sawDigit = false
        while let byte = bytes.first, (48...57).contains(byte) || byte == 46 {
            if byte == 46 {
                guard pointPosition == nil else { throw .notANumber }
                pointPosition = mantissa.count
            } else {
                mantissa.append(byte - 48)
                sawDigit = true
            }
            bytes = bytes.dropFirst()
        }
        guard sawDigit else { throw .notANumber }
        var exponentPart = 0
        if let e = bytes.first, e == 101 || e == 69 {
            bytes = bytes.dropFirst()
            var exponentNegative = false
            if let s = bytes.first, s == 43 || s == 45 {
                exponentNegative = s == 45
                bytes = bytes.dropFirst()
            }
            guard !bytes.isEmpty, bytes.allSatisfy({ (48...57).contains($0) }), bytes.count < 6 else { throw .notANumber }
            exponentPart = Int(String(decoding: bytes, as: UTF8.self))! * (exponentNegative ? -1 : 1)
            bytes = bytes[bytes.endIndex...]
        }
        guard bytes.isEmpty else { throw .notANumber }
        let integerDigits = pointPosition ?? mantissa.count
        let leading = mantissa.prefix { $0 == 0 }.count
        if leading == mantissa.count {
            self.sign = 0
            self.digits = []
            self.exponent = 0
            return
        }
        var significant = Array(mantissa[leading...])
        while significant.last == 0 { significant.removeLast() }
        guard significant.count <= 38 else { throw .tooManyDigits }
        let exponent = integerDigits - leading + exponentPart
        guard exponent <= 126 else { throw .overflow }
        guard exponent > -130 else { throw .underflow }
        self.sign = negative ? -1 : 1
        self.digits = significant
        self.exponent = exponent
    }

    /// Plain decimal notation, as DynamoDB returns numbers.
    var text: String {
        if sign == 0 { return "0" }
        var out = sign < 0 ? "-" : ""
        let digitText = String(decoding: digits.map { $0 + 48 }, as: UTF8.self)
        if exponent <= 0 {
            out += "0." + String(repeating: "0", count: -exponent) + digitText
        } else if exponent >= digits.count {
            out += digitText + String(repeating: "0", count: exponent - digits.count)
        } else {
            let split = digitText.index(digitText.startIndex, offsetBy: exponent)
            out += digitText[..<split] + "." + digitText[split...]
        }
        return out
    }

    static func < (lhs: DynamoNumber, rhs: DynamoNumber) -> Bool {
        if lhs.sign != rhs.sign { return lhs.sign < rhs.sign }
        if lhs.sign == 0 { return false }
        let magnitudeLess: Bool
        if lhs.exponent != rhs.exponent {
            magnitudeLess = lhs.exponent < rhs.exponent
        } else {
            magnitudeLess = lhs.digits.lexicographicallyPrecedes(rhs.digits)
        }
        let equal = lhs.exponent == rhs.exponent && lhs.digits == rhs.digits
        if equal { return false }
        return lhs.sign > 0 ? magnitudeLess : !magnitudeLess
    }

    /// A string whose byte order is the numeric order (used to keep range keys sorted in SQLite).
    var sortKey: String {
        if sign == 0 { return "1" }
        let digitText = String(decoding: digits.map { $0 + 48 }, as: UTF8.self)
        let biased = exponent + 500
        if sign > 0 { return "2" + pad3(biased) + digitText }
        let complement = String(decoding: digits.map { 57 - $0 }, as: UTF8.self)
        return "0" + pad3(999 - biased) + complement + ":"
    }

    private func pad3(_ value: Int) -> String {
        let text = String(value)
        return String(repeating: "0", count: 3 - text.count) + text
    }

    /// Exact sum (DynamoDB arithmetic); nil when the result leaves the supported range.
    func adding(_ other: DynamoNumber, negate: Bool = false) -> DynamoNumber? {
        let posix = Locale(identifier: "en_US_POSIX")
        guard var a = Decimal(string: text, locale: posix), let b = Decimal(string: other.text, locale: posix) else {
            return nil
        }
        var right = b
        if negate { right.negate() }
        var result = Decimal()
        guard NSDecimalAdd(&result, &a, &right, .plain) == .noError else { return nil }
        return try? DynamoNumber(result.description)
    }
}
