import Dispatch
import Foundation
import Simulation

/// What a `wsim run` or `wsim swarm` stopped with Ctrl-C (SIGINT) or SIGTERM leaves behind: the output
/// folders it was writing are sealed (`OutputFolder.seal`) before it exits, so the next run with the same
/// `--out` may remove what this one wrote. A run stops between two scenarios (`stopIfRequested`), when nothing
/// is being written; one that does not get there within a few seconds, or a second signal, stops at once.
/// (A SIGKILL leaves the folders unsealed; the next run refuses them.)
final class InterruptedOutputs: @unchecked Sendable {
    static let shared = InterruptedOutputs()

    private let lock = NSLock()
    private var folders: [URL] = []
    private var sources: [DispatchSourceSignal] = []
    private var requested: Int32?
    private var betweenUnits = false

    /// Seals `folder` too if the process is interrupted from now on. `betweenUnits`: the command calls
    /// `stopIfRequested` between units of work, so the signal waits for the next one.
    func seal(onInterrupt folder: URL, betweenUnits: Bool = false) {
        lock.withLock {
            if sources.isEmpty { install() }
            if !folders.contains(folder) { folders.append(folder) }
            self.betweenUnits = self.betweenUnits || betweenUnits
        }
    }

    /// Stops here, with the outputs sealed, when a signal asked to stop.
    func stopIfRequested() {
        if let number = lock.withLock({ requested }) { stop(number) }
    }

    private func install() {
        sources = [SIGINT, SIGTERM].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { [self] in received(number) }
            source.resume()
            return source
        }
    }

    private func received(_ number: Int32) {
        let (first, waits) = lock.withLock {
            let first = requested == nil
            if first { requested = number }
            return (first, betweenUnits)
        }
        guard first else { return stop(number) }  // a second signal: now, still sealing what was written
        guard waits else { return stop(number) }
        DispatchQueue.global().asyncAfter(deadline: .now() + 5) { [self] in stop(number) }
    }

    private func stop(_ number: Int32) {
        let folders = lock.withLock { self.folders }
        for folder in folders.reversed() where FileManager.default.fileExists(atPath: folder.path) {
            try? OutputFolder.seal(folder)  // best effort on the way out; an unsealed folder is only refused later
        }
        let word = number == SIGINT ? "interrupted" : "terminated"
        FileHandle.standardError.write(Data("wsim: \(word); what was written so far stays in its --out folder\n".utf8))
        _exit(128 + number)  // now, without the exit handlers another thread may still be using
    }
}
