import Foundation
import Simulation
import Testing

/// Runs the project's scenarios from tests, each in its own temp folder.
enum ScenarioHarness {
    static let projectRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let catalog = ScenarioCatalog(projectRoot: projectRoot)
    static let defaultSeed: UInt64 = 20_250_815

    static func temporaryDirectory(_ label: String) -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("wsim-\(label)-\(UUID().uuidString)")
    }

    static var scenarioNames: [String] { catalog.files().map { $0.deletingPathExtension().lastPathComponent } }

    /// `Simulator/digests.txt` (`make digests`): the digest each scenario file had at a seed when the file was written.
    static let recordedDigests: [String: String] = {
        let text = (try? String(contentsOf: projectRoot.appendingPathComponent("Simulator/digests.txt"), encoding: .utf8)) ?? ""
        var digests: [String: String] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let parts = line.split(separator: " ")
            if parts.count == 3 { digests["\(parts[0]) \(parts[1])"] = String(parts[2]) }
        }
        return digests
    }()

    /// Checks a run's digest against the recorded one: a change of behaviour, even one no check notices, fails
    /// until `make digests` records it on purpose.
    static func expectRecordedDigest(_ outcome: ScenarioOutcome, file: String, seed: UInt64, sourceLocation: SourceLocation = #_sourceLocation) {
        guard let recorded = recordedDigests["\(file) \(seed)"] else {
            Issue.record("Simulator/digests.txt has no digest for \(file) at seed \(seed): run make digests", sourceLocation: sourceLocation)
            return
        }
        #expect(outcome.digest == recorded, "\(file) at seed \(seed) now gives digest \(outcome.digest), not the recorded \(recorded): the run's behaviour changed; if on purpose, run make digests", sourceLocation: sourceLocation)
    }

    /// The cases under `Simulator/regressions/` (a folder each, with `scenario.yaml` and its plans).
    static var regressionNames: [String] {
        let folder = projectRoot.appendingPathComponent("Simulator/regressions")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { FileManager.default.fileExists(atPath: folder.appendingPathComponent("\($0)/scenario.yaml").path) }.sorted()
    }

    static func regression(_ name: String) -> String { "Simulator/regressions/\(name)/scenario.yaml" }

    /// The seed a regression case was found with (its `seed` file), else the default.
    static func regressionSeed(_ name: String) -> UInt64 {
        let file = projectRoot.appendingPathComponent("Simulator/regressions/\(name)/seed")
        return (try? String(contentsOf: file, encoding: .utf8)).flatMap { UInt64($0.trimmingCharacters(in: .whitespacesAndNewlines)) } ?? defaultSeed
    }

    static func prepare(_ name: String, seed: UInt64 = defaultSeed, faults: [URL] = []) throws -> (PreparedScenario, RunSettings) {
        let settings = RunSettings(seed: seed, projectRoot: projectRoot, extraFaultPlans: faults)
        return (try ScenarioRunner.prepare(try catalog.scenario(name), settings: settings), settings)
    }

    static func run(_ name: String, seed: UInt64 = defaultSeed, in directory: URL) throws -> ScenarioOutcome {
        let (prepared, settings) = try prepare(name, seed: seed)
        return ScenarioRunner.run(prepared, settings: settings, outputDirectory: directory)
    }

    static func describe(_ outcome: ScenarioOutcome) -> String {
        ([outcome.status.rawValue] + outcome.problems + (outcome.checks + outcome.invariants).filter { !$0.passed }.map { "\($0.name): \($0.detail)" })
            .joined(separator: "\n")
    }
}
