import SimKernel
import Testing

@Suite("Seeded randomness and identifiers")
struct RandomTests {
    /// Published reference values of SplitMix64 with seed 0.
    @Test func splitMix64MatchesTheReference() {
        var mixer = SplitMix64(seed: 0)
        #expect(mixer.next() == 0xe220_a839_7b1d_cdaf)
        #expect(mixer.next() == 0x6e78_9e6a_a1b9_65f4)
        #expect(mixer.next() == 0x06c4_5d18_8009_454f)
    }

    @Test func sameSeedSameStreamDifferentSeedDifferentStream() {
        var a = SeededGenerator(seed: 42)
        var b = SeededGenerator(seed: 42)
        var c = SeededGenerator(seed: 43)
        let first = (0..<8).map { _ in a.next() }
        #expect(first == (0..<8).map { _ in b.next() })
        #expect(first != (0..<8).map { _ in c.next() })
    }

    @Test func derivedStreamsDoNotDependOnDrawsElsewhere() {
        let root = SeededGenerator(seed: 7)
        var quiet = root
        var busy = root
        for _ in 0..<1000 { _ = busy.next() }
        var fromQuiet = quiet.derive("ecs.delays")
        var fromBusy = busy.derive("ecs.delays")
        _ = quiet.next()
        #expect((0..<5).map { _ in fromQuiet.next() } == (0..<5).map { _ in fromBusy.next() })
        var other = root.derive("sqs.message-ids")
        var same = root.derive("ecs.delays")
        #expect(other.next() != same.next())
    }

    @Test func boundedDrawsStayInBounds() {
        var random = SeededGenerator(seed: 1)
        for _ in 0..<10_000 {
            #expect(random.uniform(below: 7) < 7)
            #expect((3...9).contains(random.uniform(in: 3...9)))
            let d = random.duration(in: .seconds(15) ... .seconds(45))
            #expect(d >= .seconds(15) && d <= .seconds(45))
            let u = random.unitInterval()
            #expect(u >= 0 && u < 1)
        }
        #expect(!random.chance(0) && random.chance(1))
        #expect(random.pick([Int]()) == nil)
    }

    @Test func identifiersHaveAWSShapesAndRepeat() {
        var ids = IDGenerator(SeededGenerator(seed: 9))
        var again = IDGenerator(SeededGenerator(seed: 9))
        let uuid = ids.uuid()
        #expect(uuid == again.uuid())
        let parts = uuid.split(separator: "-")
        #expect(parts.map(\.count) == [8, 4, 4, 4, 12])
        #expect(parts[2].first == "4", "version 4")
        #expect("89ab".contains(parts[3].first!), "RFC 4122 variant")
        #expect(ids.hex(count: 32).count == 32)
        #expect(ids.alphanumeric(count: 17).allSatisfy { $0.isUppercase || $0.isNumber })
    }
}
