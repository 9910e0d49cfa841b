import AWSSim
import Foundation

// wsim-bench: throughput of the simulated services next to raw SQLite inserts with the same durability
// settings, on this machine, in one run. Medians of several repetitions; on a shared machine the ratios
// within one run matter more than the absolute numbers.
//
//   wsim-bench            the full run (5 repetitions)
//   wsim-bench --quick    3 repetitions, a quarter of the work
//   wsim-bench --tiny     one small repetition, for profilers
//   wsim-bench --only W   only the figures whose label contains W ("overhead" shows fixed per-call costs)

let arguments = CommandLine.arguments
let quick = arguments.contains("--quick")
let tiny = arguments.contains("--tiny")
let only: String? = arguments.firstIndex(of: "--only").flatMap { arguments.indices.contains($0 + 1) ? arguments[$0 + 1] : nil }
// Many short repetitions: on a shared machine the median of many is steadier than a few long runs.
let repetitions = tiny ? 1 : quick ? 3 : 11
let scale = tiny ? 1 : quick ? 4 : 8

func row(_ label: String, unit: String = "/s", reference: Measurement? = nil, _ run: () throws -> Measurement) rethrows -> Measurement? {
    if let only, !label.contains(only) { return nil }
    let measurement = try run()
    let rates = measurement.ratesPerSecond
    var line = "  " + label.padding(toLength: 46, withPad: " ", startingAt: 0)
        + formatRate(measurement.medianRate).leftPadded(to: 10) + " " + unit
        + "   (min \(formatRate(rates.first ?? 0)), max \(formatRate(rates.last ?? 0)))"
    if let reference {
        line += String(format: "   %5.1f%% of raw insert", 100 * measurement.medianRate / reference.medianRate)
    }
    print(line)
    return measurement
}

extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}

print("wsim-bench: release build, \(repetitions) repetitions per figure, median (min, max) reported")
let directory = try TemporaryDirectory("file")

print("\nIn memory (:memory:)")
let rawMemory = try row("raw SQLite INSERT, 1 per transaction", unit: "rows/s") {
    try RawSQLiteBenchmark.run(.memory, operations: 12_500 * scale, repetitions: repetitions)
}
_ = try row("SQS SendMessage (1 transaction each)", unit: "calls/s", reference: rawMemory) {
    try ServiceBenchmarks.sqsSend(.inMemory(), messages: 5_000 * scale, repetitions: repetitions)
}
_ = try row("SQS send+receive+delete, single calls", unit: "msgs/s") {
    try ServiceBenchmarks.sqsRoundTrip(.inMemory(), messages: 2_500 * scale, repetitions: repetitions)
}
_ = try row("SQS send+receive+delete, batches of 10", unit: "msgs/s") {
    try ServiceBenchmarks.sqsBatchRoundTrip(.inMemory(), messages: 5_000 * scale, repetitions: repetitions)
}
_ = try row("S3 PutObject+GetObject, 4 KiB", unit: "pairs/s") {
    try ServiceBenchmarks.s3PutGet(.inMemory(), pairs: 2_500 * scale, repetitions: repetitions)
}
_ = try row("DynamoDB PutItem+GetItem", unit: "pairs/s") {
    try ServiceBenchmarks.dynamoDBPutGet(.inMemory(), pairs: 2_500 * scale, repetitions: repetitions)
}

print("\nFile database (WAL, synchronous=NORMAL)")
let rawFile = try row("raw SQLite INSERT, 1 per transaction", unit: "rows/s") {
    try RawSQLiteBenchmark.run(.file(directory.path), operations: 5_000 * scale, repetitions: repetitions)
}
_ = try row("SQS SendMessage (1 transaction each)", unit: "calls/s", reference: rawFile) {
    try ServiceBenchmarks.sqsSend(.file(at: directory.path + "/send.sqlite"), messages: 2_500 * scale, repetitions: repetitions)
}
_ = try row("SQS send+receive+delete, single calls", unit: "msgs/s") {
    try ServiceBenchmarks.sqsRoundTrip(.file(at: directory.path + "/rt.sqlite"), messages: 1_000 * scale, repetitions: repetitions)
}
_ = try row("SQS send+receive+delete, batches of 10", unit: "msgs/s") {
    try ServiceBenchmarks.sqsBatchRoundTrip(.file(at: directory.path + "/batch.sqlite"), messages: 2_500 * scale, repetitions: repetitions)
}
_ = try row("S3 PutObject+GetObject, 4 KiB", unit: "pairs/s") {
    try ServiceBenchmarks.s3PutGet(.file(at: directory.path + "/s3.sqlite"), pairs: 1_000 * scale, repetitions: repetitions)
}
_ = try row("DynamoDB PutItem+GetItem", unit: "pairs/s") {
    try ServiceBenchmarks.dynamoDBPutGet(.file(at: directory.path + "/ddb.sqlite"), pairs: 1_000 * scale, repetitions: repetitions)
}

if only == nil || only == "command" {
    // The run directory holds the workspace, the bare remotes and dist/: a command creates a dozen files
    // there (git objects, lock files), so the file system shows. tmpfs shows the cost of wsim's own code.
    print("\nOne full command on amelia (switch, Claude, commit, build, sync, push, respond), wall time")
    let seedsRoot = URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent("Seeds")
    let commands = tiny ? 5 : quick ? 15 : 41
    var places: [(String, String?)] = [("run directory in \(NSTemporaryDirectory())", nil)]
    if FileManager.default.fileExists(atPath: "/dev/shm") { places.append(("run directory in /dev/shm (tmpfs)", "/dev/shm")) }
    for (place, parent) in places {
        print("  \(place)")
        for (label, kind) in [("memory database", CommandBenchmark.DatabaseKind.memory), ("file database", .file)] {
            let result = try CommandBenchmark.run(commands: commands, database: kind, seedsRoot: seedsRoot, under: parent)
            let wall = result.wallMilliseconds.sorted()
            let simulated = result.simulatedSeconds.sorted()
            print("    " + "full command, \(label)".padding(toLength: 44, withPad: " ", startingAt: 0)
                + String(format: "%7.2f ms", median(wall))
                + String(format: "   (min %.2f, max %.2f; %d commands; simulated %.1f s each)", wall.first ?? 0, wall.last ?? 0, wall.count, median(simulated)))
        }
    }
}

if only == nil || only == "suite" {
    print("\nEvery scenario (wsim run --all, seed 20250815), wall time")
    let projectRoot = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
    let runs = tiny ? 1 : quick ? 3 : 5
    var places: [(String, String?)] = [("run folders in \(NSTemporaryDirectory())", nil)]
    if FileManager.default.fileExists(atPath: "/dev/shm") { places.append(("run folders in /dev/shm (tmpfs)", "/dev/shm")) }
    for (place, parent) in places {
        var walls: [Double] = []
        var simulated = 0.0
        for _ in 0..<runs {
            let result = try SuiteBenchmark.run(projectRoot: projectRoot, under: parent)
            if !result.failed.isEmpty { print("  FAILED: \(result.failed.joined(separator: ", "))") }
            walls.append(result.wallSeconds)
            simulated = result.simulatedSeconds
        }
        walls.sort()
        let wall = median(walls)
        print("  " + "all scenarios, \(place)".padding(toLength: 46, withPad: " ", startingAt: 0)
            + String(format: "%7.2f s", wall)
            + String(format: "   (min %.2f, max %.2f; %d runs; %.0f s simulated, %.0fx real time)", walls.first ?? 0, walls.last ?? 0, runs, simulated, simulated / wall))
    }
}

if only == "breakdown" {
    print("\nBatched round trip, per call")
    for _ in 0..<3 { try BatchBreakdown.run(rounds: 5_000) }
}

if only == "overhead" {
    print("\nFixed costs")
    for m in try OverheadProbe.emptyWrites(operations: 100_000, repetitions: repetitions) {
        print("  " + m.name.padding(toLength: 46, withPad: " ", startingAt: 0) + formatRate(m.medianRate).leftPadded(to: 10) + " /s")
    }
}
