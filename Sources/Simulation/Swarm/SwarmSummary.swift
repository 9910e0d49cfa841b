import Foundation
import SimKernel

/// The account of a swarm (or of several shards merged): every case's class, and each finding's minimal
/// case. It holds no wall-clock figure, so the same seeds give the same summary, byte for byte, however they
/// were split into shards and processes.
public struct SwarmSummary: Sendable, Equatable {
    /// A finding made small.
    public struct Shrink: Sendable, Equatable {
        public var seed: UInt64
        public var rules: Int
        public var moves: Int
        /// Candidate runs the shrink took.
        public var runs: Int
        /// `wsim run cases/<seed>/minimal/scenario.yaml --seed <seed>`, relative to the swarm's folder.
        public var replay: String
        public var detail: String
    }

    /// What was searched: the seed range (or ranges, merged), the shard, the fault space.
    public var seeds: [String]
    public var space: String
    public var results: [SwarmResult]
    public var shrinks: [Shrink]

    public init(seeds: [String], space: String, results: [SwarmResult], shrinks: [Shrink]) {
        self.seeds = seeds.sorted()
        self.space = space
        self.results = results.sorted { $0.seed < $1.seed }
        self.shrinks = shrinks.sorted { $0.seed < $1.seed }
    }

    public var findings: [SwarmResult] { results.filter { $0.class.isFinding } }

    public func count(_ kind: SwarmClass) -> Int { results.filter { $0.class == kind }.count }

    /// Several shards' summaries as one (a case met twice counts once). When the parts hold every shard of a
    /// seed range (`1-2000 shard 1/4` … `4/4`), the merged summary names the range alone, as the unsharded
    /// run does, so the two are equal byte for byte.
    public static func merge(_ parts: [SwarmSummary]) -> SwarmSummary {
        var results: [UInt64: SwarmResult] = [:]
        var shrinks: [UInt64: Shrink] = [:]
        for part in parts {
            for result in part.results { results[result.seed] = result }
            for shrink in part.shrinks { shrinks[shrink.seed] = shrink }
        }
        let spaces = Set(parts.map(\.space)).sorted().joined(separator: ", ")
        return SwarmSummary(seeds: joinShards(Set(parts.flatMap(\.seeds))), space: spaces, results: Array(results.values), shrinks: Array(shrinks.values))
    }

    /// `X shard K/N` for every K of 1…N becomes `X`; anything else stays as it is.
    static func joinShards(_ labels: Set<String>) -> [String] {
        var shardsOf: [String: (count: Int, indices: Set<Int>)] = [:]
        var kept = labels
        for label in labels {
            guard let marker = label.range(of: " shard ", options: .backwards) else { continue }
            let fraction = label[marker.upperBound...].split(separator: "/")
            guard fraction.count == 2, let index = Int(fraction[0]), let count = Int(fraction[1]) else { continue }
            let key = "\(label[..<marker.lowerBound])#\(count)"
            shardsOf[key, default: (count, [])].indices.insert(index)
        }
        for (key, shards) in shardsOf where shards.indices == Set(1...max(1, shards.count)) {
            let range = String(key[..<key.lastIndex(of: "#")!])
            for index in shards.indices { kept.remove("\(range) shard \(index)/\(shards.count)") }
            kept.insert(range)
        }
        return Array(kept)
    }

    // MARK: swarm.json

    public var json: String {
        JSONValue.object([
            "seeds": .array(seeds.map(JSONValue.string)), "space": .string(space),
            "counts": .object(Dictionary(uniqueKeysWithValues: SwarmClass.allCases.map { ($0.rawValue, .number(String(count($0)))) })),
            "results": .array(results.map(\.jsonValue)),
            "shrinks": .array(shrinks.map(\.jsonValue)),
        ]).canonicalText + "\n"
    }

    /// A `swarm.json` that is not one names what it lacks.
    public struct ParseError: Error, CustomStringConvertible {
        public var description: String
    }

    public static func parse(json text: String) throws -> SwarmSummary {
        guard let root = try JSONValue.parse(text).objectValue else { throw ParseError(description: "not a JSON object") }
        func array(_ key: String) throws -> [JSONValue] {
            guard let value = root[key]?.arrayValue else { throw ParseError(description: "no \"\(key)\" array (not a wsim swarm summary)") }
            return value
        }
        guard let space = root["space"]?.stringValue else { throw ParseError(description: "no \"space\" (not a wsim swarm summary)") }
        let results = try array("results")
        for (index, result) in results.enumerated() {
            guard let object = result.objectValue, object["seed"]?.numberText != nil,
                let kind = object["class"]?.stringValue, SwarmClass(rawValue: kind) != nil
            else { throw ParseError(description: "results[\(index)] lacks a seed or a known class") }
        }
        return SwarmSummary(
            seeds: try array("seeds").compactMap(\.stringValue), space: space,
            results: results.map(SwarmResult.init(json:)), shrinks: try array("shrinks").map(Shrink.init(json:)))
    }

    // MARK: swarm.md

    public var markdown: String {
        var out = "## wsim swarm\n\n"
        out += "Seeds \(seeds.joined(separator: ", ")); fault space `\(space)`.\n\n"
        out += "\(counted(results.count, "run")): " + SwarmClass.allCases.map { "\(count($0)) \($0.rawValue)" }.joined(separator: ", ") + ".\n"
        let withRules = results.filter { $0.rules > 0 }
        out += "\(counted(results.reduce(0) { $0 + $1.faultsFired }, "fault")) fired; in \(withRules.filter { $0.faultsFired > 0 }.count) "
            + "of the \(counted(withRules.count, "run")) with fault rules at least one fired.\n"
        out += "\n### By invariant\n"
        var byInvariant: [String: Int] = [:]
        for result in results { for name in result.invariants { byInvariant[name, default: 0] += 1 } }
        if byInvariant.isEmpty { out += "Every invariant held in every run.\n" }
        for (name, runs) in byInvariant.sorted(by: { $0.key < $1.key }) { out += "- \(name): \(counted(runs, "run"))\n" }
        out += "\n### By fault kind\n| Fault | Runs with it | Checks failed | Findings |\n|---|---|---|---|\n"
        var kinds: [String: (runs: Int, checks: Int, findings: Int)] = [:]
        for result in results {
            for kind in result.faultKinds {
                kinds[kind, default: (0, 0, 0)].runs += 1
                if result.class == .checksFailed { kinds[kind]!.checks += 1 }
                if result.class.isFinding { kinds[kind]!.findings += 1 }
            }
        }
        for (kind, counts) in kinds.sorted(by: { $0.key < $1.key }) { out += "| \(kind) | \(counts.runs) | \(counts.checks) | \(counts.findings) |\n" }
        out += "\n### Findings\n"
        if findings.isEmpty { out += "None: no invariant violated, no liveness failure, no crash.\n" }
        let shrinkBySeed = Dictionary(uniqueKeysWithValues: shrinks.map { ($0.seed, $0) })
        for (number, finding) in findings.enumerated() {
            out += "\(number + 1). seed \(finding.seed): \(finding.class.rawValue) — \(finding.detail)\n"
            out += "   - the case: \(counted(finding.rules, "fault rule")), \(counted(finding.moves, "move")): "
                + "`wsim run cases/\(finding.seed)/scenario.yaml --seed \(finding.seed)`\n"
            if let shrink = shrinkBySeed[finding.seed] {
                out += "   - minimal: \(counted(shrink.rules, "fault rule")), \(counted(shrink.moves, "move")) (shrunk in "
                    + "\(counted(shrink.runs, "run"))): `\(shrink.replay)`\n"
            }
        }
        return out
    }

    // MARK: junit.xml

    public var junit: String {
        let failures = findings.count
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<testsuites name=\"wsim swarm\" tests=\"\(results.count)\" failures=\"\(failures)\" errors=\"0\">\n"
        out += "  <testsuite name=\"wsim swarm \(JUnitReport.escape(seeds.joined(separator: ", ")))\" tests=\"\(results.count)\" failures=\"\(failures)\" errors=\"0\">\n"
        let shrinkBySeed = Dictionary(uniqueKeysWithValues: shrinks.map { ($0.seed, $0) })
        for result in results {
            let time = String(format: "%.3f", result.simulated.secondsValue)
            out += "    <testcase classname=\"swarm\" name=\"seed \(result.seed)\" time=\"\(time)\">\n"
            if result.class.isFinding {
                let replay = shrinkBySeed[result.seed]?.replay ?? "wsim run cases/\(result.seed)/scenario.yaml --seed \(result.seed)"
                out += "      <failure type=\"\(result.class.rawValue)\" message=\"\(JUnitReport.escape(result.detail))\">"
                    + "\(JUnitReport.escape("replay: \(replay)"))</failure>\n"
            }
            out += "      <system-out>\(JUnitReport.escape("\(result.class.rawValue); \(result.faultsFired) faults fired; digest \(result.digest)"))</system-out>\n"
            out += "    </testcase>\n"
        }
        out += "  </testsuite>\n</testsuites>\n"
        return out
    }

    /// Writes `swarm.md`, `swarm.json` and `junit.xml` into `folder`.
    public func write(to folder: URL) throws {
        try Data(markdown.utf8).write(to: folder.appendingPathComponent("swarm.md"))
        try Data(json.utf8).write(to: folder.appendingPathComponent("swarm.json"))
        try Data(junit.utf8).write(to: folder.appendingPathComponent("junit.xml"))
    }
}

extension SwarmResult {
    /// As `swarm.json` and the swarm's worker processes write it.
    public var jsonValue: JSONValue {
        .object([
            "seed": .number(String(seed)), "class": .string(self.class.rawValue),
            "invariants": .array(invariants.map(JSONValue.string)), "detail": .string(detail),
            "moves": .number(String(moves)), "rules": .number(String(rules)),
            "faultKinds": .array(faultKinds.map(JSONValue.string)), "faultsFired": .number(String(faultsFired)),
            "simulatedMs": .number(String(simulated.wholeMilliseconds)), "digest": .string(digest),
        ])
    }

    public init(json: JSONValue) {
        let object = json.objectValue ?? [:]
        func int(_ key: String) -> Int { Int(object[key]?.numberText ?? "") ?? 0 }
        self.init(
            seed: UInt64(object["seed"]?.numberText ?? "") ?? 0,
            class: SwarmClass(rawValue: object["class"]?.stringValue ?? "") ?? .crash,
            invariants: (object["invariants"]?.arrayValue ?? []).compactMap(\.stringValue), detail: object["detail"]?.stringValue ?? "",
            moves: int("moves"), rules: int("rules"), faultKinds: (object["faultKinds"]?.arrayValue ?? []).compactMap(\.stringValue),
            faultsFired: int("faultsFired"), simulated: .milliseconds(int("simulatedMs")), digest: object["digest"]?.stringValue ?? "")
    }
}

extension SwarmSummary.Shrink {
    public var jsonValue: JSONValue {
        .object([
            "seed": .number(String(seed)), "rules": .number(String(rules)), "moves": .number(String(moves)),
            "runs": .number(String(runs)), "replay": .string(replay), "detail": .string(detail),
        ])
    }

    public init(json: JSONValue) {
        let object = json.objectValue ?? [:]
        func int(_ key: String) -> Int { Int(object[key]?.numberText ?? "") ?? 0 }
        self.init(
            seed: UInt64(object["seed"]?.numberText ?? "") ?? 0, rules: int("rules"), moves: int("moves"), runs: int("runs"),
            replay: object["replay"]?.stringValue ?? "", detail: object["detail"]?.stringValue ?? "")
    }
}
