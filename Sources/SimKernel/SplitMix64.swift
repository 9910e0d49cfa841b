/// SplitMix64 (Steele, Lea, Flood; Vigna's reference): seeds xoshiro state and derives child seeds.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    public private(set) var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state = state &+ 0x9e37_79b9_7f4a_7c15
        return StableHash.mix64(state)
    }
}
