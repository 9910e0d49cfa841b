import Foundation

/// `junit.xml` for CI: one test case per scenario. Times are simulated seconds, so the file is the same for
/// the same seed.
public enum JUnitReport {
    public static func render(_ suite: SuiteResult) -> String {
        let failures = suite.outcomes.filter { $0.status == .checkFailed }.count
        let errors = suite.outcomes.filter { $0.status == .liveness || $0.status == .crashed }.count
        let total = suite.outcomes.reduce(0.0) { $0 + $1.simulated.secondsValue }
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<testsuites name=\"wsim\" tests=\"\(suite.outcomes.count)\" failures=\"\(failures)\" errors=\"\(errors)\" time=\"\(format(total))\">\n"
        out += "  <testsuite name=\"wsim seed=\(suite.seed)\" tests=\"\(suite.outcomes.count)\" failures=\"\(failures)\" errors=\"\(errors)\" time=\"\(format(total))\">\n"
        for outcome in suite.outcomes {
            out += "    <testcase classname=\"wsim.\(escape(outcome.scenario.seedSet))\" name=\"\(escape(outcome.scenario.name))\" time=\"\(format(outcome.simulated.secondsValue))\">\n"
            let failed = (outcome.checks + outcome.invariants).filter { !$0.passed }
            let body = (outcome.problems + failed.map { "\($0.name): \($0.detail)" }).joined(separator: "\n")
            switch outcome.status {
            case .passed: break
            case .checkFailed:
                out += "      <failure type=\"check failed\" message=\"\(escape(outcome.firstFailure ?? ""))\">\(escape(body))</failure>\n"
            case .liveness, .crashed:
                out += "      <error type=\"\(outcome.status.rawValue)\" message=\"\(escape(outcome.firstFailure ?? ""))\">\(escape(body))</error>\n"
            }
            out += "      <system-out>\(escape("\(outcome.scenario.title)\ndigest=\(outcome.digest)\nreplay: \(outcome.replay)"))</system-out>\n"
            out += "    </testcase>\n"
        }
        out += "  </testsuite>\n</testsuites>\n"
        return out
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
