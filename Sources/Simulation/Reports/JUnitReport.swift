import Foundation

/// `junit.xml` for CI tools, valid against the JUnit schema Jenkins uses: a test suite per scenario (its
/// scenario `file`, its `properties`: seed, digest, simulated seconds, fault plans, replay command) holding one
/// test case, whose `classname` is the seed task it comes from (`task04`, `task05`, `task07`; `regressions`,
/// `swarm` or `scenarios` otherwise). `time` is wall seconds when the run was timed (simulated seconds are a
/// property), so CI tools show how long the job took.
public enum JUnitReport {
    public static func render(_ suite: SuiteResult) -> String {
        let failures = suite.outcomes.filter { $0.status == .checkFailed }.count
        let errors = suite.outcomes.filter { $0.status == .liveness || $0.status == .crashed }.count
        let walls = suite.outcomes.compactMap(\.wall)
        let total = walls.count == suite.outcomes.count ? " time=\"\(format(walls.reduce(0.0) { $0 + $1.secondsValue }))\"" : ""
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<testsuites name=\"wsim seed=\(suite.seed)\" tests=\"\(suite.outcomes.count)\" failures=\"\(failures)\" errors=\"\(errors)\"\(total)>\n"
        for outcome in suite.outcomes {
            let failed = outcome.status == .checkFailed ? 1 : 0
            let errored = outcome.status == .liveness || outcome.status == .crashed ? 1 : 0
            let time = outcome.wall.map { " time=\"\(format($0.secondsValue))\"" } ?? ""
            out += "  <testsuite name=\"\(escape(outcome.scenario.name))\" tests=\"1\" failures=\"\(failed)\" errors=\"\(errored)\" skipped=\"0\"\(time) file=\"\(escape(outcome.scenario.file))\">\n"
            out += "    <properties>\n"
            var properties = [
                ("seed", String(outcome.seed)), ("digest", outcome.digest), ("simulatedSeconds", format(outcome.simulated.secondsValue)),
                ("faultsInjected", String(outcome.faultsInjected)), ("replay", outcome.replay.description),
            ]
            let plans = outcome.scenario.faultPlans + outcome.replay.faultPlans
            if !plans.isEmpty { properties.append(("faultPlans", plans.joined(separator: ", "))) }
            for (name, value) in properties { out += "      <property name=\"\(name)\" value=\"\(escape(value))\"/>\n" }
            out += "    </properties>\n"
            out += "    <testcase classname=\"\(escape(group(of: outcome.scenario)))\" name=\"\(escape(outcome.scenario.name))\"\(time)>\n"
            let failedChecks = (outcome.checks + outcome.invariants).filter { !$0.passed }
            let body = (outcome.problems + failedChecks.map { "\($0.name): \($0.detail)" }).joined(separator: "\n")
            switch outcome.status {
            case .passed: break
            case .checkFailed:
                let kind = outcome.invariants.contains { !$0.passed } ? "invariant violated" : "check failed"
                out += "      <failure type=\"\(kind)\" message=\"\(escape(outcome.firstFailure ?? ""))\">\(escape(body))</failure>\n"
            case .liveness, .crashed:
                out += "      <error type=\"\(outcome.status.rawValue)\" message=\"\(escape(outcome.firstFailure ?? ""))\">\(escape(body))</error>\n"
            }
            out += "      <system-out>\(escape("\(outcome.scenario.title)\ndigest=\(outcome.digest)\nreplay: \(outcome.replay)"))</system-out>\n"
            out += "    </testcase>\n"
            out += "  </testsuite>\n"
        }
        out += "</testsuites>\n"
        return out
    }

    /// The seed task a scenario comes from (`task05-basic-session-flow` → `task05`), else where it lives.
    static func group(of scenario: Scenario) -> String {
        let prefix = scenario.name.prefix { $0 != "-" }
        if prefix.hasPrefix("task"), prefix.dropFirst(4).allSatisfy(\.isNumber), prefix.count > 4 { return String(prefix) }
        if scenario.file.contains("regressions/") { return "regressions" }
        if scenario.name.hasPrefix("swarm") || scenario.name == "minimal" { return "swarm" }
        return "scenarios"
    }

    static func format(_ seconds: Double) -> String { String(format: "%.3f", seconds) }

    static func escape(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "\n", "\t": out.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 { out += "?" } else { out.unicodeScalars.append(scalar) }
            }
        }
        return out
    }
}
