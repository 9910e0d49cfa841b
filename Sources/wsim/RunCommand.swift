import ArgumentParser
import Foundation
import Simulation
import Worker

/// `wsim run`: runs scenarios, prints a line per scenario, writes report.md, junit.xml and the traces.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run scenarios and write report.md, junit.xml, summary.json and trace.jsonl.",
        discussion: "The seed comes first in the output; a failure prints the command that replays it.")

    static let defaultSeed: UInt64 = 20_250_815

    @Argument(help: "Scenario names (see `wsim list`), patterns such as 'task05-*', or YAML files.")
    var scenarios: [String] = []

    @Flag(help: "Run every scenario under Simulator/scenarios.")
    var all = false

    @Option(help: "The seed: a number, or `random` to draw one (printed first). Default: \(RunCommand.defaultSeed).")
    var seed: String = String(RunCommand.defaultSeed)

    @Option(name: .customLong("faults"), help: ArgumentHelp("Add a fault plan (a YAML file, or a plan's name under Simulator/faults) to every scenario run.", valueName: "file"))
    var faultFiles: [String] = []

    @Option(help: ArgumentHelp("Output folder. Default: .wsim/runs/<scenario>-<seed> (all-<seed> with --all).", valueName: "dir"))
    var out: String?

    @Flag(help: "Run again the scenarios that failed in the last run (with its seed and fault plans).")
    var rerunFailed = false

    /// How results are printed.
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    @Option(help: "text (a line per scenario) or json (a JSON object per scenario, then a summary object).")
    var format: Format = .text

    /// A test-only bug switch (as `wsim swarm --plant-bug`), so a planted finding's replay line reproduces it.
    @Option(help: .hidden)
    var plantBug: String?

    func validate() throws {
        if let plantBug, PlantedBug(rawValue: plantBug) == nil { throw ValidationError("unknown planted bug \(plantBug)") }
        if rerunFailed && (all || !scenarios.isEmpty) { throw ValidationError("--rerun-failed takes the scenarios of the last run; give no names and no --all") }
        if scenarios.isEmpty && !all && !rerunFailed { throw ValidationError("name at least one scenario, or give --all (`wsim list` shows them)") }
        if !scenarios.isEmpty && all { throw ValidationError("give scenario names or --all, not both") }
        if seed != "random" && UInt64(seed) == nil { throw ValidationError("--seed takes a number from 0 to \(UInt64.max), or random; found \(seed)") }
    }

    func run() throws {
        let root = try projectRoot()
        let here = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        var seedValue = seed == "random" ? UInt64.random(in: 0...UInt64(UInt32.max)) : UInt64(seed)!
        var references = scenarios
        var plans = faultFiles
        if rerunFailed {
            guard let last = LastRun.read(projectRoot: root) else { fail("no last run is recorded (.wsim/last-run.json); run some scenarios first") }
            if last.failed.isEmpty {
                emit("The last run (seed \(last.seed)) had no failures; nothing to run again.")
                return
            }
            (seedValue, references, plans) = (last.seed, last.failed, plans.isEmpty ? last.faultPlans : plans)
        }
        if format == .text { emit("seed \(seedValue)") }
        let catalog = ScenarioCatalog(projectRoot: root)
        let selected: [Scenario]
        var prepared: [PreparedScenario] = []
        let settings = RunSettings(
            seed: seedValue, projectRoot: root,
            extraFaultPlans: plans.map { Self.faultPlan($0, projectRoot: root, currentDirectory: here) },
            plantedBug: plantBug.flatMap(PlantedBug.init(rawValue:)))
        do {
            selected = all ? try catalog.all() : try expand(references, catalog: catalog).map { reference throws(ConfigError) in try catalog.scenario(reference) }
            for scenario in selected { prepared.append(try ScenarioRunner.prepare(scenario, settings: settings)) }
        } catch {
            failWithConfigError(error)
        }
        if selected.isEmpty { failWithConfigError(ConfigError(file: "Simulator/scenarios", line: nil, key: nil, problem: "no scenario files")) }

        let label = selected.count == 1 ? selected[0].name : (all ? "all" : "suite")
        let output = out.map { URL(fileURLWithPath: $0, relativeTo: here).standardizedFileURL }
            ?? root.appendingPathComponent(".wsim/runs/\(label)-\(seedValue)")
        let owned = [root.appendingPathComponent(".wsim")]
        do {
            // Checked before anything runs: a folder wsim did not make is never emptied.
            try OutputFolder.check(output, owned: owned)
            if selected.count > 1 { try OutputFolder.prepare(output, owned: owned) }
        } catch let refusal as OutputFolder.Refusal {
            fail("--out \(refusal)")
        } catch {
            fail("--out \(output.path): \(ErrorText.line(error))", code: CLIExit.crash)
        }
        let replay = ReplayCommand(
            all: all, scenarios: selected.map(\.reference), seed: seedValue, faultPlans: settings.faultPlanArguments,
            plantedBug: settings.plantedBug)
        var outcomes: [ScenarioOutcome] = []
        let clock = ContinuousClock()
        // Ctrl-C stops between two scenarios, with the folders written so far sealed (reusable with --out).
        InterruptedOutputs.shared.seal(onInterrupt: output, betweenUnits: true)
        for scenario in prepared {
            InterruptedOutputs.shared.stopIfRequested()
            let folder = selected.count == 1 ? output : output.appendingPathComponent(scenario.scenario.name)
            InterruptedOutputs.shared.seal(onInterrupt: folder)
            var outcome: ScenarioOutcome!
            let wall = clock.measure { outcome = ScenarioRunner.run(scenario, settings: settings, outputDirectory: folder) }
            outcome.wall = wall
            outcomes.append(outcome)
            if format == .json {
                emit(JSONReport.scenario(outcome).canonicalText)
                continue
            }
            let verdict = outcome.status == .passed ? "PASS" : "FAIL"
            emit("\(verdict) \(outcome.scenario.name) seed=\(seedValue) digest=\(outcome.digest) "
                + String(format: "simulated=%.1fs", outcome.simulated.secondsValue)
                + " wall=\(wall.components.seconds * 1000 + wall.components.attoseconds / 1_000_000_000_000_000)ms")
            if outcome.status != .passed {
                emit("     \(outcome.status.rawValue): \(outcome.firstFailure ?? "")")
                if outcome.status == .liveness {
                    for problem in outcome.problems.dropFirst() { emit("       \(problem)") }
                }
                emit("     replay: \(outcome.replay)")
            }
        }
        InterruptedOutputs.shared.stopIfRequested()
        let suite = SuiteResult(seed: seedValue, outcomes: outcomes, replayCommand: replay)
        do {
            try MarkdownReport.render(suite, version: SimulationVersion.wsim).write(to: output.appendingPathComponent("report.md"), atomically: true, encoding: .utf8)
            try JUnitReport.render(suite).write(to: output.appendingPathComponent("junit.xml"), atomically: true, encoding: .utf8)
        } catch {
            fail("could not write the reports: \(ErrorText.line(error))", code: CLIExit.crash)
        }
        LastRun(seed: seedValue, failed: outcomes.filter { $0.status != .passed }.map(\.scenario.reference), faultPlans: settings.faultPlanArguments)
            .write(projectRoot: root)
        let reportPath = relative(output.appendingPathComponent("report.md"), to: root)
        let summary = JSONReport.summary(suite, report: reportPath).canonicalText
        do {
            try Data((summary + "\n").utf8).write(to: output.appendingPathComponent("summary.json"))
            try OutputFolder.seal(output)
        } catch {
            fail("could not write summary.json into \(output.path): \(ErrorText.line(error))", code: CLIExit.crash)
        }
        if format == .json {
            emit(summary)
        } else {
            emit("\(suite.passed) of \(outcomes.count) passed. Report: \(reportPath)")
            if suite.worst != .passed { emit("replay: \(replay)") }
        }
        throw ExitCode(suite.worst.exitCode)
    }

    /// The scenario arguments with patterns expanded (`'task05-*'`), or the failures of the last run.
    func expand(_ references: [String], catalog: ScenarioCatalog) throws(ConfigError) -> [String] {
        var expanded: [String] = []
        for reference in references {
            guard ScenarioCatalog.isPattern(reference) else {
                expanded.append(reference)
                continue
            }
            let names = catalog.names(matching: reference)
            if names.isEmpty {
                throw ConfigError(file: "Simulator/scenarios", line: nil, key: nil, problem: "no scenario matches \(reference); `wsim list` shows them all")
            }
            expanded += names.filter { !expanded.contains($0) }
        }
        return expanded
    }

    /// A plan's file, or its name under `Simulator/faults/` (`--faults github-push-failure`).
    static func faultPlan(_ typed: String, projectRoot: URL, currentDirectory: URL) -> URL {
        let url = ProjectPath.resolve(typed, projectRoot: projectRoot, currentDirectory: currentDirectory)
        let named = projectRoot.appendingPathComponent("Simulator/faults/\(typed).yaml")
        if !FileManager.default.fileExists(atPath: url.path), !typed.contains("/"), FileManager.default.fileExists(atPath: named.path) {
            return named
        }
        return url
    }

    func relative(_ url: URL, to root: URL) -> String {
        let path = url.standardizedFileURL.path, base = root.standardizedFileURL.path + "/"
        return path.hasPrefix(base) ? String(path.dropFirst(base.count)) : path
    }
}
