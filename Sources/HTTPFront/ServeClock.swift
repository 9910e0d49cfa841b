import Foundation
import SimKernel

/// Maps the wall clock to simulated time for `--clock wall`: simulated time is the start instant plus the
/// wall time since, plus whatever the admin API skipped ahead. On the manual clock there is no target.
struct ServeClock {
    let mode: ServeClockMode
    private var start: Instant
    private var wallStart: Date
    /// Simulated seconds per wall second.
    let speed: Double

    init(mode: ServeClockMode, start: Instant, wall: Date, speed: Double = 1) {
        self.mode = mode
        self.speed = speed
        self.start = start
        self.wallStart = wall
    }

    /// The instant simulated time should reach at `wall`; nil on the manual clock.
    func target(_ wall: Date) -> Instant? {
        guard mode == .wall else { return nil }
        let elapsed = max(0, wall.timeIntervalSince(wallStart)) * speed
        return start + .nanoseconds(Int64(elapsed * 1e9))
    }

    /// The admin API moved time ahead by `duration`: the wall mapping moves with it.
    mutating func skip(_ duration: Duration) {
        start = start + duration
    }

    /// Simulated time ran ahead (run-until-quiet): the wall mapping continues from there.
    mutating func resync(to instant: Instant, wall: Date) {
        guard let current = target(wall), instant > current else { return }
        start = instant
        wallStart = wall
    }

    static func wallInstant(_ date: Date) -> Instant {
        Instant(nanosecondsSinceUnixEpoch: Int64(date.timeIntervalSince1970 * 1e9))
    }
}
