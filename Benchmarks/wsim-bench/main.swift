import AWSSim
import Foundation

// wsim-bench: throughput of the simulated services next to raw SQLite, on this machine, in one run.
// Medians of several repetitions; ratios matter more than absolute numbers on a shared machine.

let arguments = CommandLine.arguments
let quick = arguments.contains("--quick")
/// `--only WORD` runs only the figures whose label contains WORD (for profiling one path).
let only: String? = arguments.firstIndex(of: "--only").flatMap { arguments.indices.contains($0 + 1) ? arguments[$0 + 1] : nil }
/// `--tiny` is for profilers (callgrind): a tenth of the work, one repetition.
let tiny = arguments.contains("--tiny")
let repetitions = tiny ? 1 : quick ? 3 : 5
let scale = quick || tiny ? 1 : 4

func row(_ label: String, reference: Measurement? = nil, _ run: () throws -> Measurement) rethrows -> Measurement? {
    if let only, !label.contains(only) { return nil }
    let measurement = try run()
    let rates = measurement.ratesPerSecond
    var line = "  " + label.padding(toLength: 46, withPad: " ", startingAt: 0)
        + formatRate(measurement.medianRate).leftPadded(to: 12) + " /s"
        + "   (min \(formatRate(rates.first ?? 0)), max \(formatRate(rates.last ?? 0)))"
    if let reference {
        line += String(format: "   %5.1f%% of raw", 100 * measurement.medianRate / reference.medianRate)
    }
    print(line)
    return measurement
}

extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}

print("wsim-bench: \(repetitions) repetitions per figure, median reported; release build")
let directory = try TemporaryDirectory("file")

print("\nIn memory (:memory:)")
let rawMemory = try row("memory: raw SQLite insert (1 per transaction)") {
    try RawSQLiteBenchmark.run(.memory, operations: 50_000 * scale / (tiny ? 10 : 1), repetitions: repetitions)
}
_ = try row("memory: SQS send (1 transaction)", reference: rawMemory) {
    try ServiceBenchmarks.sqsSend(.inMemory(), messages: 20_000 * scale / (tiny ? 10 : 1), repetitions: repetitions)
}
_ = try row("memory: SQS messages send+receive+delete") {
    try ServiceBenchmarks.sqsRoundTrip(.inMemory(), messages: 10_000 * scale / (tiny ? 10 : 1), repetitions: repetitions)
}
_ = try row("memory: SQS messages in batches of 10") {
    try ServiceBenchmarks.sqsBatchRoundTrip(.inMemory(), messages: 20_000 * scale / (tiny ? 10 : 1), repetitions: repetitions)
}

if only == "overhead" {
    for m in try OverheadProbe.emptyWrites(operations: 100_000, repetitions: repetitions) {
        print("  \(m.name): \(formatRate(m.medianRate)) /s")
    }
}

print("\nFile database (WAL, synchronous=NORMAL)")
let rawFile = try row("file: raw SQLite insert (1 per transaction)") {
    try RawSQLiteBenchmark.run(.file(directory.path), operations: 20_000 * scale / (tiny ? 10 : 1), repetitions: repetitions)
}
_ = try row("file: SQS send (1 transaction)", reference: rawFile) {
    try ServiceBenchmarks.sqsSend(.file(at: directory.path + "/send.sqlite"), messages: 10_000 * scale / (tiny ? 10 : 1), repetitions: repetitions)
}
_ = try row("file: SQS messages send+receive+delete") {
    try ServiceBenchmarks.sqsRoundTrip(.file(at: directory.path + "/rt.sqlite"), messages: 5_000 * scale / (tiny ? 10 : 1), repetitions: repetitions)
}
