import SimKernel
import Testing

@Suite("Instant")
struct InstantTests {
    @Test func formatsUTCWithoutLocale() {
        let start = Instant.defaultSimulationStart
        #expect(start.iso8601 == "2025-08-15T00:00:00.000Z")
        #expect(start.iso8601Seconds == "2025-08-15T00:00:00Z")
        #expect(start.httpDate == "Fri, 15 Aug 2025 00:00:00 GMT")
        let later = start + .milliseconds(86_400_000 + 3_723_456)
        #expect(later.iso8601 == "2025-08-16T01:02:03.456Z")
        #expect(Instant(unixSeconds: 0).iso8601 == "1970-01-01T00:00:00.000Z")
        #expect(Instant(unixMilliseconds: -1).iso8601 == "1969-12-31T23:59:59.999Z")
        #expect(Instant(unixSeconds: 951_782_400).iso8601 == "2000-02-29T00:00:00.000Z")
    }

    @Test func parsesWhatItFormats() {
        let instant = Instant.defaultSimulationStart + .milliseconds(1234)
        #expect(Instant(iso8601: instant.iso8601) == instant)
        #expect(Instant(iso8601: "2025-08-15T00:00:01Z") == Instant.defaultSimulationStart + .seconds(1))
        #expect(Instant(iso8601: "2025-08-15 00:00:01") == nil)
        #expect(Instant(iso8601: "2025-13-15T00:00:01Z") == nil)
    }

    @Test func arithmeticAndUnits() {
        let a = Instant(unixSeconds: 100)
        #expect((a + .seconds(5)) - a == .seconds(5))
        #expect((a - .milliseconds(1500)).unixMilliseconds == 98_500)
        #expect(Instant(nanosecondsSinceUnixEpoch: -1).unixSeconds == -1, "rounds down")
        #expect(Duration.milliseconds(2500).wholeMilliseconds == 2500)
        #expect(a < a + .nanoseconds(1))
    }
}
