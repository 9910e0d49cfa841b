import Foundation

/// Progress of a long command: a bar redrawn in place on a terminal, a line every few seconds otherwise
/// (a CI log).
final class Progress {
    let total: Int?
    let terminal = isatty(2) != 0
    private var lastLine: Duration = .zero
    private var lastDone = -1

    init(total: Int?) {
        self.total = total
    }

    func show(done: Int, elapsed: Duration) {
        guard done != lastDone || elapsed - lastLine >= .seconds(5) else { return }
        if terminal {
            FileHandle.standardError.write(Data(("\r" + line(done: done, elapsed: elapsed)).utf8))
            lastDone = done
        } else if elapsed - lastLine >= .seconds(5) {
            FileHandle.standardError.write(Data((line(done: done, elapsed: elapsed) + "\n").utf8))
            lastLine = elapsed
        }
    }

    func finish(done: Int, elapsed: Duration) {
        if terminal { FileHandle.standardError.write(Data(("\r" + line(done: done, elapsed: elapsed) + "\n").utf8)) }
    }

    /// Every job has been handed out; the caller waits for the ones in flight.
    func isWaitingOnlyForInFlight(_ pool: SwarmWorkers) -> Bool { true }

    func line(done: Int, elapsed: Duration) -> String {
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let rate = seconds > 0 ? Double(done) / seconds * 60 : 0
        guard let total, total > 0 else { return String(format: "swarm: %d runs, %.0f s, %.0f runs/min", done, seconds, rate) }
        let width = 30
        let filled = min(width, done * width / total)
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
        return String(format: "swarm: [%@] %d/%d runs, %.0f s, %.0f runs/min", bar, done, total, seconds, rate)
    }
}
