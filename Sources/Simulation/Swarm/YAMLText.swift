import Foundation
import SimKernel

/// Writing values into YAML files wsim generates (scenarios and fault plans the swarm draws), so that they
/// read back as the same values and the same text comes out for the same values.
enum YAMLText {
    /// A double-quoted string: JSON's escapes are YAML's, and every character survives.
    static func quoted(_ text: String) -> String {
        var bytes: [UInt8] = []
        JSONValue.writeString(text, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `12s`, `3m`, `1500ms`: the largest unit that holds it whole.
    static func duration(_ value: Duration) -> String {
        let milliseconds = value.wholeMilliseconds
        if milliseconds == 0 { return "0" }
        if milliseconds % 60_000 == 0 { return "\(milliseconds / 60_000)m" }
        if milliseconds % 1000 == 0 { return "\(milliseconds / 1000)s" }
        return "\(milliseconds)ms"
    }

    /// Two decimals at most, no trailing zeros.
    static func number(_ value: Double) -> String {
        var text = String(format: "%.2f", value)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }
}
