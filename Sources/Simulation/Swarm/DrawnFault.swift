import Foundation
import SimKernel

/// One rule of a generated fault plan, with every value drawn: what `FaultPlanText` writes as a fault-plan
/// rule, and what the shrinker simplifies.
public struct DrawnFault: Sendable, Equatable {
    public var service: FaultTarget
    public var operation: String?
    public var site: String?
    public var table: String?
    public var callers: String?
    public var startAfter: Duration?
    public var duration: Duration?
    public var nth: Int?
    public var probability: Double?
    public var effect: Effect

    public enum Effect: Sendable, Equatable {
        case error(code: String, statusCode: Int, message: String?)
        case gitError(message: String)
        case latency(Duration)
        case failEntries(fraction: Double, code: String, statusCode: Int)
        case removeCredentials
        case corrupt(GitCorruption, duringStep: FaultStep?)
        case remoteURL(String)
        case fail(String)
        case slow(Double)
        case stopHalfway
        case crash(duringStep: FaultStep?)
        case startDelay(Duration)
    }

    /// `sqs error`, `git corrupt`, `container crash`: what the summary counts by.
    public var kind: String {
        let effectName: String = switch effect {
        case .error, .gitError: "error"
        case .latency: "latency"
        case .failEntries: "failEntries"
        case .removeCredentials: "removeCredentials"
        case .corrupt: "corrupt"
        case .remoteURL: "remoteURL"
        case .fail: "fail"
        case .slow: "slow"
        case .stopHalfway: "stopHalfway"
        case .crash: "crash"
        case .startDelay: "startDelay"
        }
        return "\(service.rawValue) \(effectName)"
    }

    /// A one-shot effect that waits for a step (it may take an `nth`).
    var strikesAtAStep: Bool {
        switch effect {
        case .crash(let step), .corrupt(_, let step): step != nil
        default: false
        }
    }

    /// Effects that strike once (at `startAfter` or at a step) instead of on matching calls.
    var isOneShot: Bool {
        switch effect {
        case .corrupt, .remoteURL, .crash: true
        default: false
        }
    }
}

extension DrawnFault {
    /// The rule as a fault-plan list item.
    var yaml: String {
        var lines = ["  - service: \(service.rawValue)"]
        if let operation { lines.append("    operation: \(operation)") }
        if let site { lines.append("    site: \(YAMLText.quoted(site))") }
        if let table { lines.append("    table: \(YAMLText.quoted(table))") }
        if let callers { lines.append("    from: \(callers)") }
        if let startAfter, startAfter > .zero { lines.append("    startAfter: \(YAMLText.duration(startAfter))") }
        if let duration { lines.append("    duration: \(YAMLText.duration(duration))") }
        if let nth { lines.append("    nth: \(nth)") }
        if let probability { lines.append("    probability: \(YAMLText.number(probability))") }
        lines.append("    " + effectYAML)
        return lines.joined(separator: "\n") + "\n"
    }

    var effectYAML: String {
        switch effect {
        case .error(let code, let status, let message):
            return "error: {code: \(YAMLText.quoted(code)), statusCode: \(status)" + (message.map { ", message: \(YAMLText.quoted($0))" } ?? "") + "}"
        case .gitError(let message): return "error: {message: \(YAMLText.quoted(message))}"
        case .latency(let value): return "latency: \(YAMLText.duration(value))"
        case .failEntries(let fraction, let code, let status):
            return "failEntries: {fraction: \(YAMLText.number(fraction)), error: {code: \(YAMLText.quoted(code)), statusCode: \(status)}}"
        case .removeCredentials: return "removeCredentials: true"
        case .corrupt(let state, let step):
            return step.map { "corrupt: {state: \(state.rawValue), duringStep: \($0.rawValue)}" } ?? "corrupt: \(state.rawValue)"
        case .remoteURL(let url): return "remoteURL: \(YAMLText.quoted(url))"
        case .fail(let reason): return "fail: \(YAMLText.quoted(reason))"
        case .slow(let factor): return "slow: \(YAMLText.number(factor))"
        case .stopHalfway: return "stopHalfway: true"
        case .crash(let step): return "crash: {exitCode: 137" + (step.map { ", duringStep: \($0.rawValue)" } ?? "") + "}"
        case .startDelay(let value): return "startDelay: \(YAMLText.duration(value))"
        }
    }
}
