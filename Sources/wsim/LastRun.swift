import Foundation
import SimKernel

/// What `wsim run --rerun-failed` runs again: the last run's seed, fault plans and failed scenarios, kept in
/// the project's `.wsim/last-run.json` (wsim's own folder).
struct LastRun {
    var seed: UInt64
    var failed: [String]
    var faultPlans: [String]

    static func file(_ projectRoot: URL) -> URL { projectRoot.appendingPathComponent(".wsim/last-run.json") }

    static func read(projectRoot: URL) -> LastRun? {
        guard let text = try? String(contentsOf: file(projectRoot), encoding: .utf8), let object = try? JSONValue.parse(text).objectValue,
            let seed = object["seed"]?.numberText.flatMap({ UInt64($0) })
        else { return nil }
        return LastRun(
            seed: seed, failed: (object["failed"]?.arrayValue ?? []).compactMap(\.stringValue),
            faultPlans: (object["faultPlans"]?.arrayValue ?? []).compactMap(\.stringValue))
    }

    /// Best effort: a run whose record cannot be written still ran.
    func write(projectRoot: URL) {
        let object = JSONValue.object([
            "seed": .number(String(seed)), "failed": .array(failed.map(JSONValue.string)), "faultPlans": .array(faultPlans.map(JSONValue.string)),
        ])
        try? FileManager.default.createDirectory(at: projectRoot.appendingPathComponent(".wsim"), withIntermediateDirectories: true)
        try? Data((object.canonicalText + "\n").utf8).write(to: Self.file(projectRoot))
    }
}
