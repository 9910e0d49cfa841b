import Foundation

/// Repeated timings of one benchmark: the median is what we report, with the spread next to it.
struct Measurement {
    let name: String
    /// Operations per repetition.
    let operations: Int
    /// Seconds per repetition.
    let seconds: [Double]

    var ratesPerSecond: [Double] { seconds.map { Double(operations) / $0 }.sorted() }
    var medianRate: Double { median(ratesPerSecond) }
    var medianSeconds: Double { median(seconds.sorted()) }
}

func median(_ sorted: [Double]) -> Double {
    guard !sorted.isEmpty else { return 0 }
    let mid = sorted.count / 2
    return sorted.count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

/// Times `body` (which performs `operations` operations) `repetitions` times after one warm-up run.
/// `setUp` runs before each repetition and is not timed.
func measure(
    _ name: String, operations: Int, repetitions: Int, setUp: () throws -> Void = {}, _ body: () throws -> Void
) rethrows -> Measurement {
    let clock = ContinuousClock()
    try setUp()
    try body()
    var seconds: [Double] = []
    for _ in 0..<repetitions {
        try setUp()
        let elapsed = try clock.measure { try body() }
        seconds.append(Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
    }
    return Measurement(name: name, operations: operations, seconds: seconds)
}

func formatRate(_ rate: Double) -> String {
    let rounded = Int(rate.rounded())
    var digits = String(rounded)
    var groups: [String] = []
    while digits.count > 3 {
        groups.insert(String(digits.suffix(3)), at: 0)
        digits = String(digits.dropLast(3))
    }
    groups.insert(digits, at: 0)
    return groups.joined(separator: ",")
}

/// A temporary directory removed at exit of the scope that owns it.
final class TemporaryDirectory {
    let path: String

    init(_ label: String, under parent: String? = nil) throws {
        let base = parent.map { $0.hasSuffix("/") ? $0 : $0 + "/" } ?? NSTemporaryDirectory()
        path = base + "wsim-bench-\(label)-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }
}
