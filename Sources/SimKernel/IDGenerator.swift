/// Seeded identifiers in the shapes AWS uses: UUIDs, hex strings, opaque base64 tokens.
///
/// Every identifier a run produces (message ids, receipt handles, request ids, task ids) comes from one of
/// these, each on its own derived stream, so identifiers repeat exactly for the same seed.
public struct IDGenerator: Sendable {
    private var random: SeededGenerator

    public init(_ random: SeededGenerator) {
        self.random = random
    }

    /// A version-4-shaped UUID in lower case, e.g. `5f1c0a2e-8d3b-4c71-9a0e-2b7d4f6e8c10`.
    public mutating func uuid() -> String {
        var high = random.next()
        var low = random.next()
        high = (high & 0xffff_ffff_ffff_0fff) | 0x0000_0000_0000_4000
        low = (low & 0x3fff_ffff_ffff_ffff) | 0x8000_0000_0000_0000
        let hex = hexString(high, 16) + hexString(low, 16)
        let chars = Array(hex)
        return String(chars[0..<8]) + "-" + String(chars[8..<12]) + "-" + String(chars[12..<16]) + "-"
            + String(chars[16..<20]) + "-" + String(chars[20..<32])
    }

    /// `count` lower-case hex digits.
    public mutating func hex(count: Int) -> String {
        var out = ""
        out.reserveCapacity(count)
        while out.count < count {
            out += hexString(random.next(), 16)
        }
        return String(out.prefix(count))
    }

    /// Upper-case letters and digits, as in AWS access-key-like ids.
    public mutating func alphanumeric(count: Int) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".utf8)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(count)
        for _ in 0..<count {
            bytes.append(alphabet[Int(random.uniform(below: UInt64(alphabet.count)))])
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `byteCount` random bytes.
    public mutating func bytes(count byteCount: Int) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(byteCount + 8)
        while out.count < byteCount {
            var word = random.next()
            for _ in 0..<8 {
                out.append(UInt8(truncatingIfNeeded: word))
                word >>= 8
            }
        }
        return Array(out.prefix(byteCount))
    }

    /// A random 64-bit value.
    public mutating func word() -> UInt64 { random.next() }
}

func hexString(_ value: UInt64, _ width: Int) -> String {
    let digits = String(value, radix: 16)
    return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
}
