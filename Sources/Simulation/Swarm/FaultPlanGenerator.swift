import Foundation
import SimKernel

/// Draws a fault plan from a fault space: how many rules, then for each a choice by weight, an operation, an
/// effect and its values, a selection (a probability or an `nth`) and a window, all from one seeded stream.
public enum FaultPlanGenerator {
    public static func draw(_ space: FaultSpace, sites: [String], random: inout SeededGenerator) -> [DrawnFault] {
        guard !space.choices.isEmpty else { return [] }
        let count = random.uniform(in: space.rules)
        let totalWeight = space.choices.reduce(0) { $0 + $1.weight }
        var rules: [DrawnFault] = []
        for _ in 0..<count {
            var ticket = random.uniform(in: 1...totalWeight)
            let choice = space.choices.first { candidate in
                ticket -= candidate.weight
                return ticket <= 0
            } ?? space.choices[0]
            rules.append(rule(from: choice, sites: sites, random: &random))
        }
        return rules
    }

    static func rule(from choice: FaultChoice, sites: [String], random: inout SeededGenerator) -> DrawnFault {
        let template = random.pick(choice.effects)!
        var effect: DrawnFault.Effect
        switch template {
        case .corrupt(let states, let steps): effect = .corrupt(random.pick(states)!, duringStep: random.pick(steps))
        case .crash(let steps): effect = .crash(duringStep: random.pick(steps))
        case .latency(let range): effect = .latency(seconds(range, &random))
        case .startDelay(let range): effect = .startDelay(seconds(range, &random))
        case .slow(let range): effect = .slow(hundredths(range, &random))
        case .failEntries(let fraction, let code, let status): effect = .failEntries(fraction: hundredths(fraction, &random), code: code, statusCode: status)
        default: effect = FaultPlanText.draw(template) { $0.lowerBound } double: { $0.lowerBound } pick: { $0.first }
        }
        var rule = DrawnFault(
            service: choice.service, operation: nil, site: nil, table: nil, callers: choice.callers, startAfter: nil, duration: nil,
            nth: nil, probability: nil, effect: effect)
        if choice.perSite { rule.site = random.pick(sites) }
        if let range = choice.startAfter { rule.startAfter = seconds(range, &random) }
        if rule.isOneShot {
            if rule.strikesAtAStep, let nth = choice.nth { rule.nth = random.uniform(in: nth) }
            return rule
        }
        rule.operation = random.pick(choice.operations)
        rule.table = random.pick(choice.tables)
        if let range = choice.duration { rule.duration = seconds(range, &random) }
        switch (choice.probability, choice.nth) {
        case (let probability?, let nth?):
            if random.chance(0.5) { rule.probability = hundredths(probability, &random) } else { rule.nth = random.uniform(in: nth) }
        case (let probability?, nil): rule.probability = hundredths(probability, &random)
        case (nil, let nth?): rule.nth = random.uniform(in: nth)
        case (nil, nil): break
        }
        return rule
    }

    /// A duration in the range, in whole seconds (whole milliseconds below one second).
    static func seconds(_ range: ClosedRange<Duration>, _ random: inout SeededGenerator) -> Duration {
        let low = range.lowerBound.wholeMilliseconds, high = range.upperBound.wholeMilliseconds
        if high < 1000 { return .milliseconds(random.uniform(in: low...high)) }
        let first = (low + 999) / 1000
        return .seconds(random.uniform(in: first...max(first, high / 1000)))
    }

    /// A number in the range, to the hundredth.
    static func hundredths(_ range: ClosedRange<Double>, _ random: inout SeededGenerator) -> Double {
        let low = Int((range.lowerBound * 100).rounded(.up)), high = Int((range.upperBound * 100).rounded(.down))
        return Double(random.uniform(in: low...max(low, high))) / 100
    }
}
