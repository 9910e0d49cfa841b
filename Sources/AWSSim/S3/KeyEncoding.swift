/// A key as a URL path: RFC 3986's unreserved characters and `/` kept, every other byte percent-encoded. What
/// ListObjects' `encoding-type=url` answers and what the website's redirects point at.
public enum KeyEncoding {
    /// - Parameter keepLeadingSlash: false for a redirect's path: `Location: //other.host/x` would leave the site.
    public static func percentEncoded(_ key: String, keepLeadingSlash: Bool = true) -> String {
        let digits = Array("0123456789ABCDEF".unicodeScalars)
        var out = ""
        for (index, byte) in key.utf8.enumerated() {
            let keep = (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "~")
                || (byte == UInt8(ascii: "/") && (index > 0 || keepLeadingSlash))
            if keep {
                out.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                out += "%"
                out.unicodeScalars.append(digits[Int(byte >> 4)])
                out.unicodeScalars.append(digits[Int(byte & 15)])
            }
        }
        return out
    }
}
