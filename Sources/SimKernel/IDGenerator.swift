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
        let high = (random.next() & 0xffff_ffff_ffff_0fff) | 0x0000_0000_0000_4000
        let low = (random.next() & 0x3fff_ffff_ffff_ffff) | 0x8000_0000_0000_0000
        return String(unsafeUninitializedCapacity: 36) { buffer in
            var out = 0
            func put(_ word: UInt64, _ nibbles: Int, from shift: Int) {
                for k in 0..<nibbles {
                    buffer[out] = hexDigits[Int((word >> UInt64(shift - 4 * k)) & 0xf)]
                    out += 1
                }
            }
            put(high, 8, from: 60)
            buffer[out] = 45; out += 1
            put(high, 4, from: 28)
            buffer[out] = 45; out += 1
            put(high, 4, from: 12)
            buffer[out] = 45; out += 1
            put(low, 4, from: 60)
            buffer[out] = 45; out += 1
            put(low, 12, from: 44)
            return 36
        }
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

private let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

func hexString(_ value: UInt64, _ width: Int) -> String {
    let digits = String(value, radix: 16)
    return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
}
