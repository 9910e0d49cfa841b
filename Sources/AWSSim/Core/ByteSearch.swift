/// Substring search on UTF-8 bytes: AWS services compare strings as bytes, while Swift's `String`
/// operations work on grapheme clusters.
enum ByteSearch {
    /// The offset of the first occurrence of `needle` in `haystack` at or after `start`, if any.
    static func firstIndex(of needle: [UInt8], in haystack: [UInt8], from start: Int = 0) -> Int? {
        if needle.isEmpty { return start <= haystack.count ? start : nil }
        guard haystack.count >= needle.count, start <= haystack.count - needle.count else { return nil }
        for offset in start...(haystack.count - needle.count) where haystack[offset] == needle[0] {
            if haystack[offset..<(offset + needle.count)].elementsEqual(needle) { return offset }
        }
        return nil
    }

    static func contains(_ needle: [UInt8], in haystack: [UInt8]) -> Bool {
        firstIndex(of: needle, in: haystack) != nil
    }

    static func contains(_ needle: String, in haystack: String) -> Bool {
        contains(Array(needle.utf8), in: Array(haystack.utf8))
    }
}
