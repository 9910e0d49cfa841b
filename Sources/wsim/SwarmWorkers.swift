import Foundation
import SimKernel
import Simulation

/// The swarm's worker processes (`wsim swarm-worker`), one thread each feeding it jobs from a shared queue and
/// reading its answers: one JSON line per job. Lives at the edge (the CLI): threads and pipes, no simulation.
final class SwarmWorkers: @unchecked Sendable {
    /// A job: `run <seed>` or `investigate <seed>`.
    struct Job: Sendable {
        var verb: String
        var seed: UInt64
    }

    private let lock = NSLock()
    private var queue: [Job] = []
    private var closed = false
    private var answers: [JSONValue] = []
    private var failures: [String] = []
    private(set) var finished = 0
    private var findingCount = 0
    private let arguments: [String]
    private let count: Int
    private var threads: [Thread] = []
    private let done = DispatchGroup()

    init(count: Int, arguments: [String]) {
        self.count = count
        self.arguments = arguments
    }

    func add(_ jobs: [Job]) {
        lock.lock()
        queue += jobs
        lock.unlock()
    }

    /// No more jobs will come: workers stop when the queue is empty.
    func close() {
        lock.lock()
        closed = true
        lock.unlock()
    }

    /// Jobs not yet taken.
    var waiting: Int {
        lock.lock()
        defer { lock.unlock() }
        return queue.count
    }

    var completed: Int {
        lock.lock()
        defer { lock.unlock() }
        return finished
    }

    /// Answers whose run is a finding (an invariant violated, a liveness failure, a crash).
    var findings: Int {
        lock.lock()
        defer { lock.unlock() }
        return findingCount
    }

    /// Drops the jobs not yet taken (a time budget ran out).
    func cancelWaiting() {
        lock.lock()
        queue.removeAll()
        closed = true
        lock.unlock()
    }

    func start() {
        for index in 0..<count {
            done.enter()
            let thread = Thread { [self] in
                defer { done.leave() }
                work(index)
            }
            thread.start()
            threads.append(thread)
        }
    }

    /// Waits for every worker; returns the answers and the workers' failures.
    func wait() -> (answers: [JSONValue], failures: [String]) {
        done.wait()
        lock.lock()
        defer { lock.unlock() }
        return (answers, failures)
    }

    private func next() -> Job?? {
        lock.lock()
        defer { lock.unlock() }
        if !queue.isEmpty { return .some(queue.removeFirst()) }
        return closed ? .some(nil) : nil
    }

    private func work(_ index: Int) {
        let process = Process()
        process.executableURL = Bundle.main.executableURL ?? URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        process.arguments = ["swarm-worker"] + arguments
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.standardError
        do {
            try process.run()
        } catch {
            record(failure: "worker \(index) could not start: \(error)")
            return
        }
        var reader = LineReader(output.fileHandleForReading)
        while true {
            guard let taken = next() else {
                Thread.sleep(forTimeInterval: 0.05)
                continue
            }
            guard let job = taken else { break }
            input.fileHandleForWriting.write(Data("\(job.verb) \(job.seed)\n".utf8))
            guard let line = reader.next(), let answer = try? JSONValue.parse(line) else {
                record(failure: "worker \(index) stopped while on seed \(job.seed)")
                process.terminate()
                return
            }
            let finding = SwarmClass(rawValue: answer["result"]?["class"]?.stringValue ?? "")?.isFinding ?? false
            lock.lock()
            answers.append(answer)
            finished += 1
            if finding { findingCount += 1 }
            lock.unlock()
        }
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
    }

    private func record(failure: String) {
        lock.lock()
        failures.append(failure)
        lock.unlock()
    }
}

/// Lines from a pipe.
struct LineReader {
    let handle: FileHandle
    var buffer = Data()

    init(_ handle: FileHandle) { self.handle = handle }

    mutating func next() -> String? {
        while true {
            if let newline = buffer.firstIndex(of: 10) {
                let line = buffer[buffer.startIndex..<newline]
                buffer.removeSubrange(buffer.startIndex...newline)
                return String(decoding: line, as: UTF8.self)
            }
            let chunk = handle.availableData
            if chunk.isEmpty { return nil }
            buffer.append(chunk)
        }
    }
}
