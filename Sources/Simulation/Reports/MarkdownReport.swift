import Foundation
import SimKernel

/// `report.md` in the shape of the seeds' test report template: scenario results with every check, the
/// issues found (with the command that reproduces each), the performance table with the seed's targets and
/// the simulated actual times. Only simulated quantities appear, so the same seed gives the same bytes.
public enum MarkdownReport {
    public static func render(_ suite: SuiteResult, version: String) -> String {
        var out = "## Multi-Session Test Report\n\n"
        let start = Instant.defaultSimulationStart
        out += "**Date**: \(start.iso8601.prefix(10)) (simulated time; every run starts at \(start.iso8601Seconds))\n"
        out += "**Tester**: wsim \(version), seed \(suite.seed)\n"
        out += "**Environment**: Simulated (in-process AWS on SQLite, real git through libgit2, fake Claude and Astro)\n\n"
        out += "\(suite.passed) of \(suite.outcomes.count) scenarios passed. Replay: `\(suite.replayCommand)`\n\n"

        out += "### Scenario Results\n"
        for outcome in suite.outcomes {
            let verdict = outcome.status == .passed ? "PASS" : "FAIL (\(outcome.status.rawValue))"
            out += "- [\(outcome.status == .passed ? "x" : " ")] \(outcome.scenario.title): \(verdict)\n"
            out += "  - `\(outcome.scenario.name)`: digest \(outcome.digest), \(counted(Int(outcome.events), "trace event")), "
                + "\(seconds(outcome.simulated)) simulated, \(counted(outcome.faultsInjected, "fault")) injected\n"
            let folder = suite.outcomes.count == 1 ? "" : "\(outcome.scenario.name)/"
            out += "  - timeline: [\(folder)timeline.html](\(folder)timeline.html) (Perfetto: `\(folder)trace.perfetto.json`)\n"
            for problem in outcome.problems { out += "  - \(problem)\n" }
            for check in outcome.checks { out += "  - [\(check.passed ? "x" : " ")] \(check.name)\(detail(check))\n" }
            for check in outcome.invariants { out += "  - [\(check.passed ? "x" : " ")] \(check.name)\(detail(check))\n" }
            for rule in outcome.faultRules {
                out += "  - fault rule `\(rule.rule)` fired \(rule.times == 1 ? "once" : "\(rule.times) times")\(rule.times == 0 ? " (never)" : ""): `\(rule.text)`\n"
            }
        }

        out += "\n### Issues Found\n"
        var number = 0
        for outcome in suite.outcomes where outcome.status != .passed {
            // Graded by what failed: a crash is critical; an invariant, liveness or a functional check high; a
            // performance target medium.
            var failures = outcome.problems.map { ("The run goes quiet", $0, outcome.status == .crashed ? critical : high) }
            for (index, check) in outcome.checks.enumerated() where !check.passed {
                let kind = index < outcome.scenario.checks.count ? outcome.scenario.checks[index].kind : nil
                failures.append((check.name, check.detail, kind.map(isPerformance) == true ? medium : high))
            }
            failures += outcome.invariants.filter { !$0.passed }.map { ($0.name, $0.detail, high + " (an invariant of SPEC section 7)") }
            for (expected, actual, grade) in failures {
                number += 1
                out += "\(number). \(outcome.scenario.title): \(expected)\n"
                out += "   - Steps to reproduce: `\(outcome.replay)`\n"
                out += "   - Expected vs actual: \(expected) / \(actual)\n"
                out += "   - Severity: \(grade)\n"
            }
        }
        if number == 0 { out += "None.\n" }

        out += "\n### Performance\n"
        out += "| Operation | Target Time | Actual Time (simulated: mean, max, commands) |\n|-----------|------------|-------------|\n"
        let operations = suite.operations
        var slowest: (LogTimeline.Operation, Double)?
        for operation in LogTimeline.Operation.allCases {
            let target = "< \(Int(operation.target.secondsValue))s"
            guard let values = operations[operation], !values.isEmpty else {
                out += "| \(operation.rawValue) | \(target) | not measured |\n"
                continue
            }
            let mean = values.reduce(Duration.zero, +) / values.count
            let max = values.max() ?? .zero
            let over = max > operation.target ? " **max over target**" : ""
            out += "| \(operation.rawValue) | \(target) | \(seconds(mean)) (max \(seconds(max)), \(values.count))\(over) |\n"
            if operation != .total, operation.isLogged {
                let limit = operation.target
                let ratio = mean.secondsValue / limit.secondsValue
                if slowest == nil || ratio > slowest!.1 { slowest = (operation, ratio) }
            }
        }
        let totals = operations[.total] ?? []
        if !totals.isEmpty {
            out += "\n- Average workflow time: \(seconds(totals.reduce(Duration.zero, +) / totals.count))\n"
        }
        if let slowest { out += "- Slowest operation against its target: \(slowest.0.rawValue) (\(Int(slowest.1 * 100))% of it)\n" }
        out += "- Memory and CPU usage: not simulated (`make bench` measures wsim itself)\n"

        out += "\n### Recommendations\n"
        if suite.worst == .passed {
            out += "- None from this run: every scenario and invariant held with seed \(suite.seed). Try other seeds "
                + "(`wsim run --all --seed random`) and fault plans (`--faults FILE`).\n"
        } else {
            for outcome in suite.outcomes where outcome.status != .passed {
                out += "- \(outcome.scenario.name): \(outcome.firstFailure ?? outcome.status.rawValue)\n"
            }
        }
        return out
    }

    static func detail(_ check: CheckResult) -> String { check.detail.isEmpty ? "" : " — \(check.detail)" }

    static let critical = "critical"
    static let high = "high"
    static let medium = "medium (a performance target)"

    /// Checks of how long things took.
    static func isPerformance(_ kind: ScenarioCheck.Kind) -> Bool {
        switch kind {
        case .metrics, .finishedWithin, .readyWithin, .between: true
        default: false
        }
    }

    static func seconds(_ duration: Duration) -> String { String(format: "%.1f s", duration.secondsValue) }
}
