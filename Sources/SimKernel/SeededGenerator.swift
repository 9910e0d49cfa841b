/// The simulation's only source of randomness: xoshiro256** seeded through SplitMix64. Hand-written because
/// the standard library's generators are not seedable, and a run must repeat from its seed on every platform.
///
/// Each subsystem takes its own stream with `derive(_:)`. A child stream depends only on its parent's seed
/// and its label, never on how many values the parent or a sibling has drawn, so adding a fault (more draws
/// in one subsystem) never shifts another subsystem's draws.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    /// The seed this stream was created from; children are derived from it.
    public let seed: UInt64
    private var s0: UInt64, s1: UInt64, s2: UInt64, s3: UInt64

    public init(seed: UInt64) {
        self.seed = seed
        var mixer = SplitMix64(seed: seed)
        s0 = mixer.next()
        s1 = mixer.next()
        s2 = mixer.next()
        s3 = mixer.next()
    }

    /// A child stream named by `label`, independent of this stream's position.
    public func derive(_ label: String) -> SeededGenerator {
        var mixer = SplitMix64(seed: seed ^ StableHash.mix64(StableHash.fnv1a64(label)))
        return SeededGenerator(seed: mixer.next())
    }

    public mutating func next() -> UInt64 {
        let result = rotateLeft(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = rotateLeft(s3, 45)
        return result
    }

    /// A value in `0..<bound` without modulo bias (Lemire's method). `bound` must be positive.
    public mutating func uniform(below bound: UInt64) -> UInt64 {
        precondition(bound > 0, "uniform(below:) needs a positive bound")
        var product = next().multipliedFullWidth(by: bound)
        if product.low < bound {
            let threshold = (0 &- bound) % bound
            while product.low < threshold {
                product = next().multipliedFullWidth(by: bound)
            }
        }
        return product.high
    }

    /// A value in the closed range.
    public mutating func uniform(in range: ClosedRange<Int64>) -> Int64 {
        let span = UInt64(bitPattern: range.upperBound &- range.lowerBound)
        if span == .max { return Int64(bitPattern: next()) }
        return range.lowerBound &+ Int64(bitPattern: uniform(below: span &+ 1))
    }

    public mutating func uniform(in range: ClosedRange<Int>) -> Int {
        Int(uniform(in: Int64(range.lowerBound)...Int64(range.upperBound)))
    }

    /// A duration in the closed range, at nanosecond resolution.
    public mutating func duration(in range: ClosedRange<Duration>) -> Duration {
        .nanoseconds(uniform(in: range.lowerBound.nanoseconds...range.upperBound.nanoseconds))
    }

    /// A value in [0, 1) with 53 bits of precision.
    public mutating func unitInterval() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// True with probability `probability` (clamped to [0, 1]).
    public mutating func chance(_ probability: Double) -> Bool {
        if probability <= 0 { return false }
        if probability >= 1 { return true }
        return unitInterval() < probability
    }

    /// Picks one element; nil for an empty collection.
    public mutating func pick<C: Collection>(_ collection: C) -> C.Element? {
        guard !collection.isEmpty else { return nil }
        let offset = Int(uniform(below: UInt64(collection.count)))
        return collection[collection.index(collection.startIndex, offsetBy: offset)]
    }
}

@inline(__always)
private func rotateLeft(_ x: UInt64, _ k: UInt64) -> UInt64 {
    (x << k) | (x >> (64 - k))
}
