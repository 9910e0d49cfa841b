/// Text bound for places that cannot hold any character: SQS message attributes take only XML characters
/// (a NUL there makes SQS refuse the whole message), and a commit subject is one line.
public enum SafeText {
    /// Printable: every control character (and U+FFFE, U+FFFF) written as `\u{hex}`, cut to at most `limit`
    /// UTF-8 bytes on a character boundary.
    public static func printable(_ text: String, limit: Int = 1024) -> String {
        var out = ""
        var bytes = 0
        for scalar in text.unicodeScalars {
            let piece = isUnsafe(scalar) ? "\\u{\(String(scalar.value, radix: 16))}" : String(scalar)
            bytes += piece.utf8.count
            if bytes > limit { break }
            out += piece
        }
        return out
    }

    /// One line without control characters: they are dropped, runs of whitespace become one space.
    public static func line(_ text: String) -> String {
        var out = ""
        var pendingSpace = false
        for scalar in text.unicodeScalars {
            if scalar.properties.isWhitespace {
                pendingSpace = !out.isEmpty
            } else if !isUnsafe(scalar) {
                if pendingSpace { out += " " }
                pendingSpace = false
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// Control characters but tab and newline removed (a commit body keeps its lines).
    public static func lines(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.filter { !isUnsafe($0) || $0 == "\n" || $0 == "\t" }))
    }

    static func isUnsafe(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7f...0x9f).contains(scalar.value) || scalar.value == 0xfffe || scalar.value == 0xffff
    }
}
