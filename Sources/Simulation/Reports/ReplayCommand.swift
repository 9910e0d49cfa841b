import Foundation
import Worker

/// The command that replays a run exactly: the scenarios as they were named (a catalog name, or the path of a
/// scenario file), the seed, and every fault plan added with `--faults`. Paths inside the project are written
/// relative to the project folder (wsim resolves a relative path against the current folder, then the
/// project's), others in full; anything a shell would split or expand is quoted.
public struct ReplayCommand: Sendable, Hashable, CustomStringConvertible {
    /// `--all`, or the scenario arguments.
    public var all: Bool
    public var scenarios: [String]
    public var seed: UInt64
    public var faultPlans: [String]
    /// A bug planted on purpose (tests of the swarm), so the line reproduces the run.
    public var plantedBug: PlantedBug?

    public init(all: Bool = false, scenarios: [String], seed: UInt64, faultPlans: [String] = [], plantedBug: PlantedBug? = nil) {
        self.all = all
        self.scenarios = scenarios
        self.seed = seed
        self.faultPlans = faultPlans
        self.plantedBug = plantedBug
    }

    /// The same run, narrowed to one scenario.
    public func only(_ scenario: String) -> ReplayCommand {
        ReplayCommand(all: false, scenarios: [scenario], seed: seed, faultPlans: faultPlans, plantedBug: plantedBug)
    }

    public var description: String {
        var words = ["wsim", "run"]
        words += all ? ["--all"] : scenarios.map(Self.quoted)
        words += ["--seed", String(seed)]
        for plan in faultPlans { words += ["--faults", Self.quoted(plan)] }
        if let plantedBug { words += ["--plant-bug", plantedBug.rawValue] }
        return words.joined(separator: " ")
    }

    /// Single quotes around anything but letters, digits and `-_./:=+,@%`.
    static func quoted(_ word: String) -> String {
        let safe = word.unicodeScalars.allSatisfy { scalar in
            CharacterSet.alphanumerics.contains(scalar) && scalar.isASCII || "-_./:=+,@%".unicodeScalars.contains(scalar)
        }
        if safe && !word.isEmpty { return word }
        return "'" + word.replacingOccurrences(of: "'", with: #"'\''"#) + "'"
    }
}
