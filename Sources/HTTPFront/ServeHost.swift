import AWSPorts
import AWSSim
import Foundation
import Simulation
import SimKernel

/// The simulated account behind `wsim serve`, on one scheduler, reached one request at a time: the actor
/// is the single thread DESIGN asks for. On the wall clock every request first brings simulated time up to
/// the wall's (and a ticker does so between requests); on the manual clock only the admin API moves it.
public actor ServeHost {
    let options: ServeOptions
    private var lock: FolderLock?
    private var scheduler: Scheduler
    private var account: ServedAccount
    private var front: WireFront
    private var traceFile: TraceFile?
    /// The trace when there is no folder to write it to.
    private var memoryTrace = TraceLines()
    private var requestIds: IDGenerator
    private var clock: ServeClock
    public private(set) var requestsServed = 0
    /// Long polls waiting on simulated time.
    private var parkedPolls: [ResumeOnce] = []
    /// Counts resets: a poll parked before one answers empty.
    private var generation = 0
    /// Set when the server begins to stop: polls answer at once instead of waiting.
    private var closing = false
    /// Open live-reload sockets, ended when the client leaves or the server stops or resets.
    private var liveStreams: [Int: (AsyncStream<String>.Continuation, LiveReloadSubscription)] = [:]
    private var nextLiveStream = 0

    public init(_ options: ServeOptions) throws {
        self.options = options
        let built = try Self.build(options)
        lock = built.lock
        scheduler = built.scheduler
        account = built.account
        traceFile = built.traceFile
        clock = built.clock
        front = WireFront(account: built.account, endpoint: options.endpoint)
        requestIds = IDGenerator(SeededGenerator(seed: options.seed).derive("serve.request-ids"))
        if traceFile == nil { built.account.trace.sink = { [memoryTrace] line in memoryTrace.lines.append(line) } }
    }

    private struct Built {
        let lock: FolderLock?
        let scheduler: Scheduler
        let account: ServedAccount
        let traceFile: TraceFile?
        let clock: ServeClock
    }

    private static func build(_ options: ServeOptions) throws -> Built {
        var databasePath: String?
        var lock: FolderLock?
        if let folder = options.folder {
            try FolderLock.checkFree(folder)
            // Folders under the project's .wsim/ are wsim's own, as `wsim serve` checked before starting.
            try OutputFolder.prepare(folder, owned: [options.projectRoot.appendingPathComponent(".wsim")])
            lock = try FolderLock.take(folder)
            databasePath = folder.appendingPathComponent("wsim.sqlite").path
        }
        do {
            return try buildAccount(options, databasePath: databasePath, lock: lock)
        } catch {
            // A start that fails after the folder was prepared (a bad fault plan, a run without its database)
            // lists what it made, so the corrected command may take the folder again.
            if let folder = options.folder { try? OutputFolder.seal(folder, only: isServerEntry) }
            throw error
        }
    }

    private static func buildAccount(_ options: ServeOptions, databasePath: String?, lock: FolderLock?) throws -> Built {
        var databasePath = databasePath
        var start = options.clock == .manual ? Instant.defaultSimulationStart : ServeClock.wallInstant(Date())
        if case .run(let runFolder, let inPlace) = options.world {
            let source = runFolder.appendingPathComponent("wsim.sqlite").path
            guard FileManager.default.fileExists(atPath: source) else {
                throw ServeError("\(runFolder.path) holds no wsim.sqlite; name a scenario's folder of a finished run (.wsim/runs/<run>/<scenario>)")
            }
            if inPlace {
                databasePath = source
            } else if let copy = databasePath {
                try FileManager.default.copyItem(atPath: source, toPath: copy)
            } else {
                throw ServeError("serving a run's database needs a folder for its copy")
            }
            // The run's clock resumes where the run ended, so its messages and logs keep their ages.
            if let last = try ServedAccount.lastInstant(ofDatabase: databasePath!) { start = last }
        }
        var traceFile: TraceFile?
        let trace = TraceRecorder()
        if let folder = options.folder {
            let file = try TraceFile(path: folder.appendingPathComponent("trace.jsonl").path)
            trace.sink = { line in file.append(line) }
            traceFile = file
        }
        let account: ServedAccount
        let scheduler: Scheduler
        if options.live {
            guard case .seedSet(let name) = options.world, let folder = options.folder else {
                throw ServeError("--live runs a seed set's world: add --seed-set (such as --seed-set amelia)")
            }
            let seedSet = try SeedSet.load(name: name, seedsRoot: options.projectRoot.appendingPathComponent("Seeds"))
            let live = try LiveWorld(seedSet: seedSet, seed: options.seed, folder: folder, start: start, trace: trace)
            scheduler = live.run.scheduler
            account = ServedAccount(scheduler: scheduler, seed: options.seed, folder: folder, databasePath: nil, trace: trace)
            account.adopt(live)
        } else {
            scheduler = Scheduler(start: start)
            account = ServedAccount(scheduler: scheduler, seed: options.seed, folder: options.folder, databasePath: databasePath, trace: trace)
            _ = try account.aws(region: ServedAccount.homeRegion)
            if case .seedSet(let name) = options.world {
                let seedSet = try SeedSet.load(name: name, seedsRoot: options.projectRoot.appendingPathComponent("Seeds"))
                try account.buildWorld(seedSet: seedSet)
            }
        }
        if !options.faultPlans.isEmpty {
            var plans: [FaultPlan] = []
            for url in options.faultPlans { plans.append(try FaultPlanLoader.load(url, displayName: url.lastPathComponent)) }
            try account.loadFaults(plans)
        }
        return Built(lock: lock, scheduler: scheduler, account: account, traceFile: traceFile, clock: ServeClock(mode: options.clock, start: start, wall: Date(), speed: options.speed))
    }

    /// The instant simulated time has reached.
    public var now: Instant { scheduler.now }

    /// Answers one request: an admin request, or an AWS call (waiting out a long poll on simulated time).
    public func handle(_ request: WireRequest) async -> WireResponse {
        requestsServed += 1
        catchUp()
        if case .admin(let path) = WireRoute.of(request, scope: nil) {
            return admin(path, request)
        }
        let requestId = requestIds.uuid()
        let started = generation
        var deadline: Instant?
        while true {
            let outcome = front.handle(request, requestId: requestId)
            settle()
            switch outcome {
            case .answer(let response):
                return response
            case .longPoll(let poll):
                // The first answer fixes the end of the wait; later ones only say when to look again.
                let end = deadline ?? poll.waitEndsAt
                deadline = end
                guard scheduler.now < end, !closing else { return poll.emptyAnswer }
                await waitForArrival(poll, until: min(end, poll.wakeAt))
                // A reset or a shutdown while it waited: the account it polled is gone; nothing arrived.
                if closing || generation != started { return poll.emptyAnswer }
                catchUp()
            }
        }
    }

    /// A long poll found nothing: wait on simulated time until a message arrives or the wait ends.
    private func waitForArrival(_ poll: LongPoll, until deadline: Instant) async {
        guard let aws = try? account.aws(region: poll.region) else { return }
        let once = ResumeOnce()
        parkedPolls.append(once)
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            once.continuation = continuation
            do {
                _ = try aws.sqs.waitForMessages(queueUrl: poll.queueUrl, until: deadline) { once.resume() }
            } catch {
                once.resume()
            }
        }
        parkedPolls.removeAll { $0 === once }
    }

    /// Wakes every parked long poll (the account they wait on is being replaced or closed): each asks again
    /// and gets its answer from what is there now.
    private func wakeParkedPolls() {
        for poll in parkedPolls { poll.resume() }
        parkedPolls.removeAll()
    }

    // MARK: The load balancer (live)

    /// Whether the pipeline runs inside the server.
    public nonisolated var isLive: Bool { options.live }

    /// Each site's bare remote, for `git clone` and `git log` (live).
    public var remotes: [(site: String, path: String)] { account.live?.remotes ?? [] }

    /// A request through the simulated load balancer: Hermes, the session previews.
    public func loadBalancer(_ request: HTTPRequest) -> WireResponse {
        requestsServed += 1
        catchUp()
        guard let live = account.live, !closing else { return .text(503, "wsim serve is not running a live world\n") }
        let response = live.request(request)
        settle()
        return WireResponse(status: response.status, headers: response.headers.keys.sorted().map { ($0, response.headers[$0]!) }, body: response.body)
    }

    /// A WebSocket upgrade on `/session/{chatThreadId}/_hmr`: the messages the container sends on it (`reload`
    /// after each build of the thread), until the container or the server closes it; nil when the load
    /// balancer does not upgrade (the HTTP answer then says why).
    public func openLiveReload(_ request: HTTPRequest) -> AsyncStream<String>? {
        catchUp()
        guard let live = account.live, !closing else { return nil }
        let response = live.request(request)
        guard response.status == 101, let subscription = response.upgraded as? LiveReloadSubscription else {
            settle()
            return nil
        }
        // The callbacks are in place before anything else runs, so a close that follows at once is seen.
        let (stream, continuation) = AsyncStream<String>.makeStream()
        subscription.onDeliver = { text in continuation.yield(text) }
        subscription.onClose = { continuation.finish() }
        let id = nextLiveStream
        nextLiveStream += 1
        liveStreams[id] = (continuation, subscription)
        // The client went away: the container stops sending to it.
        continuation.onTermination = { [weak self] _ in Task { await self?.closeLiveReload(id) } }
        settle()
        if !subscription.isOpen { continuation.finish() }
        return stream
    }

    private func closeLiveReload(_ id: Int) {
        guard let (continuation, subscription) = liveStreams.removeValue(forKey: id) else { return }
        subscription.clientClosed()
        continuation.finish()
    }

    /// How many live-reload sockets are open (tests).
    public var openLiveReloads: Int { liveStreams.count }

    private func finishLiveStreams() {
        let open = liveStreams.values
        liveStreams.removeAll()
        for (continuation, subscription) in open {
            subscription.clientClosed()
            continuation.finish()
        }
    }

    /// Wall clock: runs everything due up to the wall's instant. Manual clock: nothing.
    public func tick() {
        catchUp()
    }

    private func catchUp() {
        if let target = clock.target(Date()), target > scheduler.now {
            // `advance` moves time even when nothing is due on the way.
            _ = scheduler.advance(by: target - scheduler.now)
        }
        settle()
    }

    /// Runs what became due at the current instant (a long poll woken by a send).
    private func settle() {
        _ = scheduler.run(until: scheduler.now)
    }

    /// The server is stopping (SIGTERM, SIGINT): parked long polls answer now, so in-flight requests end
    /// and the graceful shutdown can finish.
    public func beginShutdown() {
        closing = true
        wakeParkedPolls()
        finishLiveStreams()
    }

    /// Checkpoints and closes the databases and the trace, and records what the server wrote in its folder.
    public func shutdown() {
        beginShutdown()
        account.close()
        traceFile?.close()
        sealFolder()
        lock = nil  // the folder is free for the next server
    }

    /// What a server writes at the top of its folder: the lock, the trace, the databases (one per region, with
    /// SQLite's side files), and a live world's volume and remotes. Anything else there is not the server's.
    static func isServerEntry(_ name: String) -> Bool {
        [".wsim-serve.lock", "trace.jsonl", "efs", "github"].contains(name) || (name.hasPrefix("wsim") && name.contains(".sqlite"))
    }

    /// Lists the folder's entries in its marker as the server's own (`OutputFolder.seal`), so the next server
    /// or run there may remove them; a folder left unsealed (the process was killed) is refused next time.
    private func sealFolder() {
        guard let folder = options.folder else { return }
        do {
            try OutputFolder.seal(folder, only: Self.isServerEntry)
        } catch {
            FileHandle.standardError.write(Data("wsim serve: could not record what it wrote in \(folder.path): \(ErrorText.line(error))\n".utf8))
        }
    }

    // MARK: Admin API

    private func admin(_ path: String, _ request: WireRequest) -> WireResponse {
        switch (request.method, path) {
        case ("GET", "/health"), ("GET", "/health/"):
            return .text(200, "ready \(SimulationVersion.summary) clock=\(options.clock.rawValue) world=\(worldName)\(options.live ? " live" : "") now=\(scheduler.now)\n")
        case ("POST", "/reset"):
            return reset()
        case ("GET", "/clock"):
            return clockAnswer()
        case ("POST", "/clock/advance"):
            guard let text = request.queryValue("by"), let duration = ConfigNode.parseDuration(text), duration > .zero else {
                return .text(400, "advance needs ?by=DURATION, such as 500ms, 30s, 5m or 1h\n")
            }
            clock.skip(duration)
            _ = scheduler.advance(by: duration)
            settle()
            return clockAnswer()
        case ("POST", "/clock/run-until-quiet") where options.live:
            // The autoscaler, the workers' polls and the site watch recur for ever: a live world is never quiet.
            return .text(409, "a live world never goes quiet (its autoscaler and workers poll for ever); move time with POST clock/advance?by=5m\n")
        case ("POST", "/clock/run-until-quiet"):
            let outcome = scheduler.run(until: nil, maxSteps: 10_000_000)
            clock.resync(to: scheduler.now, wall: Date())
            guard outcome == .quiet else { return .text(409, "still busy after 10000000 steps; pending: \(scheduler.pendingLabels().joined(separator: ", "))\n") }
            return clockAnswer()
        case ("GET", "/faults"):
            return json(200, .object([
                "plans": JSONAnswer.strings(account.faultPlanNames), "injected": JSONAnswer.number(account.faultsInjected),
            ]))
        case ("POST", "/faults"):
            return loadFaults(request)
        case ("DELETE", "/faults"):
            account.clearFaults()
            return json(200, .object(["plans": .array([]), "injected": .number("0")]))
        case ("GET", "/trace"):
            traceFile?.flush()
            if let folder = options.folder, let data = FileManager.default.contents(atPath: folder.appendingPathComponent("trace.jsonl").path) {
                return WireResponse(status: 200, headers: [("Content-Type", "application/x-ndjson")], body: data)
            }
            return WireResponse(status: 200, headers: [("Content-Type", "application/x-ndjson")], body: Data(memoryTrace.lines.map { $0 + "\n" }.joined().utf8))
        default:
            return .text(404, "no admin endpoint \(request.method) /_wsim\(path); there are GET health, POST reset, GET clock, POST clock/advance?by=30s, POST clock/run-until-quiet, GET|POST|DELETE faults, GET trace\n")
        }
    }

    private var worldName: String {
        switch options.world {
        case .empty: "empty"
        case .seedSet(let name): name
        case .run(let folder, _): folder.lastPathComponent
        }
    }

    private func clockAnswer() -> WireResponse {
        json(200, .object([
            "mode": .string(options.clock.rawValue), "now": .string("\(scheduler.now)"),
            "nowMilliseconds": JSONAnswer.number(scheduler.now.nanosecondsSinceUnixEpoch / 1_000_000),
            "pending": JSONAnswer.strings(scheduler.pendingLabels(limit: 20)),
        ]))
    }

    private func loadFaults(_ request: WireRequest) -> WireResponse {
        guard let text = String(bytes: request.body, encoding: .utf8) else { return .text(400, "the fault plan is not UTF-8 text\n") }
        let name = request.queryValue("name") ?? "posted"
        do {
            let plan = try FaultPlanLoader.parse(try ConfigNode.parse(text, file: name), name: name)
            try account.loadFaults([plan])
            return json(200, .object(["plans": JSONAnswer.strings(account.faultPlanNames), "injected": .number("0")]))
        } catch let error as ConfigError {
            return .text(400, "\(error.all.map(\.description).joined(separator: "\n"))\n")
        } catch {
            return .text(400, "\(error)\n")
        }
    }

    private func reset() -> WireResponse {
        // Emptying the folder again must be allowed before anything is closed: a file someone put in it
        // refuses the reset, and the server goes on serving as it was.
        if let folder = options.folder {
            sealFolder()
            do {
                try OutputFolder.check(folder, owned: [options.projectRoot.appendingPathComponent(".wsim")])
            } catch {
                return .text(409, "reset refused: \(error)\n")
            }
        }
        generation += 1
        finishLiveStreams()
        wakeParkedPolls()
        account.close()
        traceFile?.close()
        sealFolder()
        lock = nil
        do {
            let built = try Self.build(options)
            lock = built.lock
            scheduler = built.scheduler
            account = built.account
            traceFile = built.traceFile
            clock = built.clock
            memoryTrace = TraceLines()
            front = WireFront(account: built.account, endpoint: options.endpoint)
            requestIds = IDGenerator(SeededGenerator(seed: options.seed).derive("serve.request-ids"))
            if traceFile == nil { built.account.trace.sink = { [memoryTrace] line in memoryTrace.lines.append(line) } }
            return .text(200, "reset \(worldName)\n")
        } catch {
            return .text(500, "reset failed: \(error)\n")
        }
    }

    private func json(_ status: Int, _ value: JSONValue) -> WireResponse {
        WireResponse(status: status, headers: [("Content-Type", "application/json")], body: Data((value.canonicalText + "\n").utf8))
    }
}

/// Trace lines kept in memory.
private final class TraceLines {
    var lines: [String] = []
}

/// Resumes a continuation once, however many times the wake-up fires.
private final class ResumeOnce: @unchecked Sendable {
    var continuation: CheckedContinuation<Void, Never>?

    func resume() {
        continuation?.resume()
        continuation = nil
    }
}
