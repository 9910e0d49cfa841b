import Foundation
import SimKernel

/// Fault plans as YAML text: what `wsim run --faults` reads back, byte for byte the same for the same rules.
public enum FaultPlanText {
    public static func plan(_ rules: [DrawnFault], description: String = "A generated fault plan.") -> String {
        var out = "description: \(YAMLText.quoted(description))\nfaults:\n"
        for rule in rules { out += rule.yaml }
        if rules.isEmpty { out = "description: \(YAMLText.quoted(description))\nfaults: []\n" }
        return out
    }

    /// For checking a space: the rules a choice's effect gives at the low end of every range, with a
    /// probability and with an `nth`.
    static func samples(_ choice: FaultChoice, _ effect: FaultEffectTemplate) -> [DrawnFault] {
        var rule = DrawnFault(
            service: choice.service, operation: choice.operations.first, site: nil, table: choice.tables.first,
            callers: choice.callers, startAfter: choice.startAfter?.lowerBound, duration: choice.duration?.lowerBound,
            nth: nil, probability: nil, effect: draw(effect) { $0.lowerBound } double: { $0.lowerBound } pick: { $0.first })
        var samples: [DrawnFault] = []
        if rule.isOneShot {
            rule.operation = nil
            rule.duration = nil
            if rule.strikesAtAStep { rule.nth = choice.nth?.lowerBound }
            return [rule]
        }
        if let probability = choice.probability {
            var sample = rule
            sample.probability = probability.lowerBound
            samples.append(sample)
        }
        if let nth = choice.nth {
            var sample = rule
            sample.nth = nth.lowerBound
            samples.append(sample)
        }
        return samples.isEmpty ? [rule] : samples
    }

    /// An effect with its values drawn by the given functions.
    static func draw(
        _ template: FaultEffectTemplate, duration: (ClosedRange<Duration>) -> Duration, double: (ClosedRange<Double>) -> Double,
        pick: ([FaultStep]) -> FaultStep?
    ) -> DrawnFault.Effect {
        switch template {
        case .error(let code, let status, let message): .error(code: code, statusCode: status, message: message)
        case .gitError(let message): .gitError(message: message)
        case .latency(let range): .latency(duration(range))
        case .failEntries(let fraction, let code, let status): .failEntries(fraction: double(fraction), code: code, statusCode: status)
        case .removeCredentials: .removeCredentials
        case .corrupt(let states, let steps): .corrupt(states[0], duringStep: pick(steps))
        case .remoteURL(let url): .remoteURL(url)
        case .fail(let reason): .fail(reason)
        case .slow(let range): .slow(double(range))
        case .stopHalfway: .stopHalfway
        case .crash(let steps): .crash(duringStep: pick(steps))
        case .startDelay(let range): .startDelay(duration(range))
        }
    }
}
