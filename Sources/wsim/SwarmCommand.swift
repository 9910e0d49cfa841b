import ArgumentParser
import Foundation
import SimKernel
import Simulation
import Worker

/// `wsim swarm`: generates a scenario and a fault plan from each seed, runs them on worker processes,
/// classifies every run, shrinks every finding, and writes `swarm.md`, `swarm.json` and `junit.xml`.
struct SwarmCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "swarm",
        abstract: "Search: a generated scenario and fault plan per seed, every invariant checked, every finding shrunk.",
        discussion: """
            Each seed gives one case: a world of 1 to 4 sites, 1 to 3 containers or auto, a workload of weighted \
            moves, and a fault plan drawn from the fault space. Runs are classified as passed, checks failed \
            (expected under faults), invariant violated, liveness or crash; the last three are findings, each \
            re-run with full outputs into cases/<seed>/ and shrunk into cases/<seed>/minimal/. Exit code 0 with \
            no finding, 1 with findings, 2 on bad usage.
            """,
        subcommands: [SwarmSearch.self, SwarmMerge.self],
        defaultSubcommand: SwarmSearch.self)
}

struct SwarmSearch: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "search", abstract: "Run a seed range or a time budget (the default subcommand).")

    @Option(help: "The seeds: a range such as 1-2000, or one seed.")
    var seeds: String?

    @Option(help: "Search for this long instead of a seed range (e.g. 10m), from --seeds' first seed (default 1).")
    var time: String?

    @Option(name: .customShort("j"), help: "Worker processes (default: the number of cores).")
    var jobs: Int?

    @Option(help: "A deterministic slice of the seeds: K/N runs every Nth seed, starting with the Kth.")
    var shard: String?

    @Option(help: ArgumentHelp("The fault space (default: Simulator/swarm-space.yaml).", valueName: "file"))
    var space: String?

    @Option(help: ArgumentHelp("Output folder (default: .wsim/swarm/<seeds>).", valueName: "dir"))
    var out: String?

    @Option(help: "Candidate runs a shrink may take.")
    var shrinkBudget: Int = 200

    @Flag(help: "Do not shrink findings (they are still kept with full outputs).")
    var noShrink = false

    @Option(help: "Stop handing out seeds once this many findings are in (the runs in flight finish).")
    var maxFindings: Int?

    @Option(help: .hidden)
    var plantBug: String?

    func run() throws {
        let root = try projectRoot()
        let here = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        let (first, last) = try seedRange()
        let limit = try time.map(parseDuration)
        if limit == nil && seeds == nil { throw ValidationError("give --seeds (a range such as 1-2000) or --time (such as 10m)") }
        let (shardIndex, shardCount) = try parseShard()
        if let plantBug, PlantedBug(rawValue: plantBug) == nil { throw ValidationError("unknown planted bug \(plantBug)") }
        let spaceURL = space.map { ProjectPath.resolve($0, projectRoot: root, currentDirectory: here) }
            ?? root.appendingPathComponent("Simulator/swarm-space.yaml")
        let spaceName = ProjectPath.display(spaceURL, projectRoot: root)
        do {
            _ = try FaultSpaceLoader.load(spaceURL, displayName: spaceName)
        } catch {
            failWithConfigError(error)
        }
        let label = (limit == nil ? "\(first)-\(last)" : "time-\(first)") + (shard.map { "-shard-\($0.replacingOccurrences(of: "/", with: "-of-"))" } ?? "")
        let output = out.map { URL(fileURLWithPath: $0, relativeTo: here).standardizedFileURL } ?? root.appendingPathComponent(".wsim/swarm/\(label)")
        do {
            try OutputFolder.prepare(output, owned: [root.appendingPathComponent(".wsim")])
        } catch let refusal as OutputFolder.Refusal {
            fail("--out \(refusal)")
        }
        InterruptedOutputs.shared.seal(onInterrupt: output)
        let workers = max(1, jobs ?? ProcessInfo.processInfo.activeProcessorCount)
        var arguments = ["--space", spaceURL.path, "--out", output.path]
        if let plantBug { arguments += ["--plant-bug", plantBug] }
        if noShrink { arguments += ["--shrink-budget", "0"] } else { arguments += ["--shrink-budget", String(shrinkBudget)] }
        let seedsText = limit == nil ? (first == last ? "\(first)" : "\(first)-\(last)") : "from \(first) for \(time!)"
        emit("swarm: seeds \(seedsText)\(shard.map { ", shard \($0)" } ?? ""), \(workers) worker process\(workers == 1 ? "" : "es"), space \(spaceName)")

        // Search.
        let clock = ContinuousClock()
        let started = clock.now
        let pool = SwarmWorkers(count: workers, arguments: arguments)
        func inShard(_ seed: UInt64) -> Bool { (seed - first) % UInt64(shardCount) == UInt64(shardIndex - 1) }
        var next = first
        if limit == nil {
            pool.add(stride(from: first, through: last, by: 1).filter(inShard).map { .init(verb: "run", seed: $0) })
            pool.close()
        }
        pool.start()
        let progress = Progress(total: limit == nil ? pool.waiting : nil)
        while true {
            if let limit {
                let elapsed = clock.now - started
                if elapsed >= limit {
                    pool.cancelWaiting()
                } else if pool.waiting < workers * 2 {
                    var batch: [SwarmWorkers.Job] = []
                    while batch.count < workers * 4 {
                        if inShard(next) { batch.append(.init(verb: "run", seed: next)) }
                        next += 1
                    }
                    pool.add(batch)
                }
            }
            if let maxFindings, pool.findings >= maxFindings { pool.cancelWaiting() }
            progress.show(done: pool.completed, elapsed: clock.now - started)
            if (limit == nil || clock.now - started >= limit!) && pool.waiting == 0 && progress.isWaitingOnlyForInFlight(pool) { break }
            Thread.sleep(forTimeInterval: 0.2)
        }
        let searched = pool.wait()
        let searchTime = clock.now - started
        progress.finish(done: pool.completed, elapsed: searchTime)
        var results = searched.answers.map { SwarmResult(json: $0["result"] ?? .null) }
        for failure in searched.failures { emit("swarm: \(failure)") }

        // Findings: kept with full outputs and shrunk.
        let findings = results.filter { $0.class.isFinding }.map(\.seed).sorted()
        var shrinks: [SwarmSummary.Shrink] = []
        if !findings.isEmpty {
            emit("swarm: \(findings.count) finding\(findings.count == 1 ? "" : "s"); keeping and shrinking each")
            let investigators = SwarmWorkers(count: min(workers, findings.count), arguments: arguments)
            investigators.add(findings.map { .init(verb: "investigate", seed: $0) })
            investigators.close()
            investigators.start()
            let investigated = investigators.wait()
            for failure in investigated.failures { emit("swarm: \(failure)") }
            var rerun: [UInt64: SwarmResult] = [:]
            for answer in investigated.answers {
                let result = SwarmResult(json: answer["result"] ?? .null)
                rerun[result.seed] = result
                if let shrink = answer["shrink"] { shrinks.append(SwarmSummary.Shrink(json: shrink)) }
            }
            // The kept run is the same run (same seed); if it is not, say so: that is a determinism bug.
            for (seed, again) in rerun.sorted(by: { $0.key < $1.key }) {
                if let first = results.first(where: { $0.seed == seed }), first.signature != again.signature || first.digest != again.digest {
                    emit("swarm: seed \(seed) ran differently when kept (\(first.signature), \(first.digest) then \(again.signature), \(again.digest))")
                }
            }
            results = results.map { rerun[$0.seed] ?? $0 }
        }
        let seedsField = limit == nil ? ["\(first)-\(last)" + (shard.map { " shard \($0)" } ?? "")] : ["time budget from \(first)" + (shard.map { " shard \($0)" } ?? "")]
        let summary = SwarmSummary(seeds: seedsField, space: spaceName, results: results, shrinks: shrinks)
        try summary.write(to: output)
        try OutputFolder.seal(output)
        let perMinute = searchTime > .zero ? Double(results.count) / (Double(searchTime.components.seconds) + Double(searchTime.components.attoseconds) / 1e18) * 60 : 0
        emit("swarm: \(results.count) runs in " + String(format: "%.1f s (%.0f runs/min)", Double(searchTime.components.seconds) + Double(searchTime.components.attoseconds) / 1e18, perMinute)
            + ": " + SwarmClass.allCases.map { "\(summary.count($0)) \($0.rawValue)" }.joined(separator: ", "))
        for shrink in summary.shrinks {
            let replay = shrink.replay.replacingOccurrences(of: "cases/", with: ProjectPath.display(output, projectRoot: root) + "/cases/")
            emit("finding: seed \(shrink.seed): \(shrink.detail.prefix(200))")
            emit("  minimal (\(shrink.rules) rule\(shrink.rules == 1 ? "" : "s"), \(shrink.moves) move\(shrink.moves == 1 ? "" : "s"), shrunk in \(shrink.runs) runs): \(replay)")
        }
        emit("Summary: \(ProjectPath.display(output.appendingPathComponent("swarm.md"), projectRoot: root))")
        if !searched.failures.isEmpty { throw ExitCode(CLIExit.crash) }
        throw ExitCode(summary.findings.isEmpty ? 0 : 1)
    }

    func seedRange() throws -> (UInt64, UInt64) {
        guard let seeds else { return (1, 1) }
        let parts = seeds.split(separator: "-", maxSplits: 1).map(String.init)
        guard let first = UInt64(parts[0]), let last = UInt64(parts.count > 1 ? parts[1] : parts[0]), first <= last else {
            throw ValidationError("--seeds takes a range such as 1-2000, or one seed; found \(seeds)")
        }
        return (first, last)
    }

    func parseShard() throws -> (Int, Int) {
        guard let shard else { return (1, 1) }
        let parts = shard.split(separator: "/").map { Int($0) }
        guard parts.count == 2, let index = parts[0], let count = parts[1], count >= 1, (1...count).contains(index) else {
            throw ValidationError("--shard takes K/N with 1 <= K <= N, such as 2/16; found \(shard)")
        }
        return (index, count)
    }

    func parseDuration(_ text: String) throws -> Duration {
        for (unit, seconds) in [("s", 1), ("m", 60), ("h", 3600)] where text.hasSuffix(unit) {
            if let value = Int(text.dropLast()), value > 0 { return .seconds(value * seconds) }
        }
        throw ValidationError("--time takes a duration such as 90s, 10m or 1h; found \(text)")
    }
}

/// `wsim swarm merge DIR...`: the summaries of several shards as one.
struct SwarmMerge: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "merge", abstract: "Combine the summaries of swarm shards.")

    @Argument(help: "Swarm output folders (each holding swarm.json).")
    var folders: [String]

    @Option(help: ArgumentHelp("Where to write the merged swarm.md, swarm.json and junit.xml.", valueName: "dir"))
    var out: String

    func validate() throws {
        if folders.isEmpty { throw ValidationError("name at least one swarm folder") }
    }

    func run() throws {
        let here = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        let inputs = folders.map { URL(fileURLWithPath: $0, relativeTo: here).standardizedFileURL }
        let output = URL(fileURLWithPath: out, relativeTo: here).standardizedFileURL
        if inputs.contains(where: { $0.path == output.path }) { fail("--out \(out) is one of the folders to merge; name a new folder") }
        var parts: [SwarmSummary] = []
        for folder in inputs {
            let file = folder.appendingPathComponent("swarm.json")
            do {
                parts.append(try SwarmSummary.parse(json: String(contentsOf: file, encoding: .utf8)))
            } catch {
                fail("\(file.path): \(ErrorText.line(error))")
            }
        }
        let merged = SwarmSummary.merge(parts)
        do {
            try OutputFolder.prepare(output)
        } catch let refusal as OutputFolder.Refusal {
            fail("--out \(refusal)")
        }
        // Each finding's case folder comes along, so the replay lines hold in the merged folder.
        let files = FileManager.default
        for seed in merged.findings.map(\.seed) {
            let target = output.appendingPathComponent("cases/\(seed)")
            guard let source = inputs.map({ $0.appendingPathComponent("cases/\(seed)") }).first(where: { files.fileExists(atPath: $0.path) }) else { continue }
            try files.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            try files.copyItem(at: source, to: target)
        }
        try merged.write(to: output)
        try OutputFolder.seal(output)
        emit("merged \(parts.count) summaries: \(merged.results.count) runs, \(merged.findings.count) findings; \(output.path)/swarm.md")
        throw ExitCode(merged.findings.isEmpty ? 0 : 1)
    }
}

/// `wsim swarm-case SEED --out DIR` (not for people): writes the case a seed gives, without running it (the
/// benchmark runs such cases one `wsim run` each, next to the swarm).
struct SwarmCaseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "swarm-case", shouldDisplay: false)

    @Argument var seed: UInt64
    @Option var out: String
    @Option var space: String?

    func run() throws {
        let root = try projectRoot()
        let spaceURL = space.map { URL(fileURLWithPath: $0) } ?? root.appendingPathComponent("Simulator/swarm-space.yaml")
        let faultSpace = try FaultSpaceLoader.load(spaceURL, displayName: ProjectPath.display(spaceURL, projectRoot: root))
        let seedSet = try SeedSet.load(name: "amelia", seedsRoot: root.appendingPathComponent("Seeds"))
        let folder = URL(fileURLWithPath: out)
        do {
            try OutputFolder.prepare(folder)
        } catch let refusal as OutputFolder.Refusal {
            fail("--out \(refusal)")
        }
        _ = try SwarmCase.generate(seed: seed, seedSet: seedSet, space: faultSpace).write(to: folder)
        try OutputFolder.seal(folder)
    }
}

/// `wsim swarm-worker` (not for people): reads `run <seed>` or `investigate <seed>` lines and answers each
/// with one JSON line. `wsim swarm` starts these.
struct SwarmWorkerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "swarm-worker", shouldDisplay: false)

    @Option var space: String
    @Option var out: String
    @Option var plantBug: String?
    @Option var shrinkBudget: Int = 200

    func run() throws {
        // `wsim swarm` ignores SIGINT and SIGTERM to seal its folder first, and spawned processes inherit ignored
        // signals: a worker takes the default back, so a signal to the process group stops it at once.
        signal(SIGINT, SIG_DFL)
        signal(SIGTERM, SIG_DFL)
        let root = try projectRoot()
        let spaceURL = URL(fileURLWithPath: space)
        let faultSpace = try FaultSpaceLoader.load(spaceURL, displayName: ProjectPath.display(spaceURL, projectRoot: root))
        let seedSet = try SeedSet.load(name: "amelia", seedsRoot: root.appendingPathComponent("Seeds")).cachingStarters()
        let shm = URL(fileURLWithPath: "/dev/shm")
        let base = FileManager.default.isWritableFile(atPath: shm.path) ? shm : FileManager.default.temporaryDirectory
        let scratch = base.appendingPathComponent("wsim-swarm-\(ProcessInfo.processInfo.processIdentifier)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }  // this process's own folder
        let jobs = SwarmJobs(
            runner: SwarmRunner(projectRoot: root, plantedBug: plantBug.flatMap(PlantedBug.init(rawValue:)), seedSet: seedSet), seedSet: seedSet,
            space: faultSpace, output: URL(fileURLWithPath: out), scratch: scratch, shrinkBudget: shrinkBudget)
        while let line = readLine() {
            let words = line.split(separator: " ")
            guard words.count == 2, let seed = UInt64(words[1]) else { continue }
            let answer: JSONValue
            if words[0] == "investigate" {
                let (result, shrink) = jobs.investigate(seed)
                answer = .object(["result": result.jsonValue, "shrink": shrink.jsonValue])
            } else {
                answer = .object(["result": jobs.run(seed).jsonValue])
            }
            emit(answer.canonicalText)
        }
    }
}
