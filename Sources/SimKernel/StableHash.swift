/// Hashes whose values never change between processes or platforms (unlike `Hasher`, which is seeded per
/// process). Used to derive child random streams from labels and to fold the trace digest.
public enum StableHash {
    /// FNV-1a, 64 bits.
    @inlinable
    public static func fnv1a64<Bytes: Sequence>(_ bytes: Bytes, basis: UInt64 = 0xcbf2_9ce4_8422_2325) -> UInt64
    where Bytes.Element == UInt8 {
        var hash = basis
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return hash
    }

    public static func fnv1a64(_ text: String) -> UInt64 { fnv1a64(text.utf8) }

    /// The SplitMix64 output function: a bijective mix with full avalanche.
    @inlinable
    public static func mix64(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
}
