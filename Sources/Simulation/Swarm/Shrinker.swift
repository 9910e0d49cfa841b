import Foundation
import SimKernel

/// Makes a failing case small: drops fault rules, then workload moves, then sites, one at a time while the
/// same failure remains (delta debugging with single removals, repeated until nothing more can go), then
/// makes what is left simpler (no start delay, no window, `nth` instead of a probability, fewer
/// containers). A candidate is kept only if it fails with the same signature: the same class and the same
/// first invariant.
public struct Shrinker {
    public let run: (SwarmCase) -> SwarmResult
    /// At most this many candidate runs.
    public let budget: Int

    public init(budget: Int = 200, run: @escaping (SwarmCase) -> SwarmResult) {
        self.budget = budget
        self.run = run
    }

    public struct Outcome: Sendable {
        public var minimal: SwarmCase
        public var result: SwarmResult
        /// Candidate runs the shrink took.
        public var runs: Int
    }

    public func shrink(_ failing: SwarmCase, _ original: SwarmResult) -> Outcome {
        var best = failing
        var bestResult = original
        var runs = 0
        func accept(_ candidate: SwarmCase) -> Bool {
            guard runs < budget, candidate != best else { return false }
            runs += 1
            let result = run(candidate)
            guard result.signature == original.signature else { return false }
            best = candidate
            bestResult = result
            return true
        }
        // Drop whole parts while the failure stays.
        var changed = true
        while changed && runs < budget {
            changed = false
            for index in best.faults.indices.reversed() where index < best.faults.count {
                var candidate = best
                candidate.faults.remove(at: index)
                if accept(candidate) { changed = true }
            }
            for index in best.scenario.moves.indices.reversed() where index < best.scenario.moves.count {
                var candidate = best
                candidate.scenario.moves.remove(at: index)
                if accept(candidate) { changed = true }
            }
            for site in best.scenario.sites where best.scenario.sites.count > 1 && !uses(best, site) {
                var candidate = best
                candidate.scenario.sites.removeAll { $0 == site }
                if accept(candidate) { changed = true }
            }
        }
        // Then simpler values, each tried on what is left.
        for index in best.faults.indices {
            for simplify in Self.simplifications {
                for simpler in simplify(best.faults[index]) {
                    var candidate = best
                    candidate.faults[index] = simpler
                    if accept(candidate) { break }
                }
            }
        }
        for containers in [1, 2] where (best.scenario.containers ?? 4) > containers {
            var candidate = best
            candidate.scenario.containers = containers
            if accept(candidate) { break }
        }
        return Outcome(minimal: best, result: bestResult, runs: runs)
    }

    /// Whether a move or a rule of the case names the site.
    func uses(_ swarmCase: SwarmCase, _ site: String) -> Bool {
        if swarmCase.faults.contains(where: { $0.site == site }) { return true }
        return swarmCase.scenario.moves.contains { move in
            switch move {
            case .send(let commands), .sendWhen(_, let commands): commands.contains { $0.site == site }
            case .resend(let command): command.site == site
            case .body(let target, _), .hermesSession(_, let target, _, _, _): target == site
            case .wait, .scaleToZero: false
            }
        }
    }

    /// Ways to make a rule simpler, each giving candidates simplest first: it starts at once; it lasts the whole
    /// main phase; it hits the 1st, 2nd or 3rd matching call instead of a drawn share of them.
    static let simplifications: [@Sendable (DrawnFault) -> [DrawnFault]] = [
        { rule in
            guard rule.startAfter != nil else { return [] }
            var simpler = rule
            simpler.startAfter = nil
            return [simpler]
        },
        { rule in
            guard rule.duration != nil else { return [] }
            var simpler = rule
            simpler.duration = nil
            return [simpler]
        },
        { rule in
            guard rule.probability != nil else { return [] }
            return (1...3).map { nth in
                var simpler = rule
                simpler.probability = nil
                simpler.nth = nth
                return simpler
            }
        },
    ]
}
