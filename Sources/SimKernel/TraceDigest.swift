/// A running digest over every event a run records, printed as 16 hex digits.
///
/// Two runs with the same digest recorded the same events in the same order. It detects change; it is not a
/// cryptographic hash (the kernel depends on nothing, so no crypto library here).
public struct TraceDigest: Equatable, Sendable, CustomStringConvertible {
    public private(set) var value: UInt64 = 0x6a09_e667_f3bc_c908
    public private(set) var eventCount: UInt64 = 0

    public init() {}

    /// Folds one event, given as its canonical text line, into the digest.
    public mutating func record(_ line: String) {
        fold(StableHash.fnv1a64(line.utf8))
    }

    /// Folds one event; the same as `record(event.line)`, without building the line.
    public mutating func record(_ event: TraceEvent) {
        fold(event.lineHash())
    }

    private mutating func fold(_ lineHash: UInt64) {
        value = StableHash.mix64(value ^ StableHash.mix64(lineHash &+ eventCount))
        eventCount += 1
    }

    /// The digest as 16 lower-case hex digits.
    public var hex: String { hexString(value, 16) }

    public var description: String { hex }
}
