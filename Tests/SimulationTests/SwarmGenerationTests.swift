import Foundation
import SimKernel
import Testing

@testable import Simulation

/// The swarm's pieces without running a world: cases drawn from seeds, the fault space file, the shrinker and
/// the summary.
@Suite("Swarm generation")
struct SwarmGenerationTests {
    static let space = try! FaultSpaceLoader.load(
        ScenarioHarness.projectRoot.appendingPathComponent("Simulator/swarm-space.yaml"), displayName: "Simulator/swarm-space.yaml")
    let seedSet = try! SeedSet.load(name: "amelia", seedsRoot: ScenarioHarness.projectRoot.appendingPathComponent("Seeds"))

    func swarmCase(_ seed: UInt64) -> SwarmCase { SwarmCase.generate(seed: seed, seedSet: seedSet, space: Self.space) }

    @Test func aSeedGivesTheSameCaseEveryTimeAndSeedsDiffer() {
        #expect(swarmCase(7) == swarmCase(7))
        #expect(swarmCase(7).planYAML == swarmCase(7).planYAML)
        let distinct = Set((1...50).map { swarmCase($0).scenario.yaml(faults: true) + swarmCase($0).planYAML })
        #expect(distinct.count == 50)
    }

    /// Every case of 200 seeds is written as ordinary files that load as any scenario and fault plan do, within
    /// the issue's bounds: 1 to 4 sites, 1 to 3 containers or auto, the space's rule count.
    @Test func everyGeneratedCaseLoadsAsAScenarioAndAPlan() throws {
        let folder = ScenarioHarness.temporaryDirectory("generated")
        defer { try? FileManager.default.removeItem(at: folder) }
        var moveKinds: Set<String> = [], effects: Set<String> = []
        var autoCases = 0
        for seed in UInt64(1)...200 {
            let generated = swarmCase(seed)
            let file = try generated.write(to: folder.appendingPathComponent("\(seed)"))
            let scenario = try ScenarioHarness.catalog.scenario(file.path)
            let prepared = try ScenarioRunner.prepare(scenario, settings: RunSettings(seed: seed, projectRoot: ScenarioHarness.projectRoot))
            #expect((1...4).contains(scenario.sites.count), "seed \(seed)")
            #expect(scenario.autoscale || (1...3).contains(scenario.containers), "seed \(seed)")
            if scenario.autoscale { autoCases += 1 }
            #expect(prepared.faultPlans.flatMap(\.rules).count == generated.faults.count, "seed \(seed): every drawn rule loads")
            #expect(Self.space.rules.contains(generated.faults.count))
            #expect(!generated.scenario.moves.isEmpty)
            for move in generated.scenario.moves { moveKinds.insert(String(describing: move).prefix { $0 != "(" }.description) }
            for rule in generated.faults { effects.insert(rule.kind) }
        }
        // The weighted moves all occur, and the space's faults are drawn widely.
        for kind in ["send", "sendWhen", "resend", "body", "wait", "scaleToZero", "hermesSession"] {
            #expect(moveKinds.contains(kind), "\(kind) drawn in 200 seeds (drawn: \(moveKinds.sorted()))")
        }
        #expect(autoCases > 0)
        #expect(effects.count >= 8, "fault kinds drawn: \(effects.sorted())")
    }

    @Test func aSpaceThatNamesAnOperationNeverCalledIsRefusedWithFileLineAndKey() throws {
        let text = "rules: 1..2\nfaults:\n  - service: dynamodb\n    operation: [Scan]\n    effects:\n      - latency: 1s\n"
        #expect {
            try FaultSpaceLoader.parse(try ConfigNode.parse(text, file: "space.yaml"))
        } throws: { error in
            "\(error)" == "space.yaml:4: faults[0].operation: wsim never calls dynamodb Scan, so a fault on it would never fire; called: GetItem, PutItem, UpdateItem, DeleteItem"
        }
    }

    @Test(arguments: [
        ("rules: 1..20\nfaults: []\n", "space.yaml:1: rules: a plan has 0 to 12 rules"),
        ("rules: 1\nfaults:\n  - service: ftp\n    effects: [{latency: 1s}]\n", "space.yaml:3: faults[0].service: unknown service \"ftp\""),
        ("rules: 1\nfaults:\n  - service: s3\n    effects: [{explode: true}]\n", "space.yaml:4: faults[0].effects[0]"),
        ("rules: 1\nfaults:\n  - service: s3\n    probability: 0.5..2\n    effects: [{latency: 1s}]\n", "probabilities are between 0 and 1"),
        ("rules: 1\nfaults:\n  - service: s3\n    weight: 0\n    effects: [{latency: 1s}]\n", "weight is 1 or more"),
        ("rules: 1\nfaults:\n  - service: git\n    effects: [{corrupt: {state: [haunted]}}]\n", "unknown git state \"haunted\""),
        ("rules: 1\nfaults:\n  - service: s3\n    duration: 5m..1m\n    effects: [{latency: 1s}]\n", "expected a duration or a range such as 30s..5m"),
        // A pair the containers never call: the ledger is never put, only read and updated.
        ("rules: 1\nfaults:\n  - service: dynamodb\n    operation: [GetItem, PutItem]\n    table: [webordinary-edit-commands]\n    effects: [{latency: 1s}]\n",
         "space.yaml:5: faults[0].table: wsim never calls dynamodb PutItem on webordinary-edit-commands"),
        ("rules: 1\nfaults:\n  - service: dynamodb\n    table: [webordinary-sessions]\n    effects: [{latency: 1s}]\n",
         "wsim's containers never call dynamodb on webordinary-sessions"),
    ])
    func badSpacesAreRefused(text: String, expected: String) {
        do {
            _ = try FaultSpaceLoader.parse(try ConfigNode.parse(text, file: "space.yaml"))
            Issue.record("accepted: \(text)")
        } catch {
            #expect("\(error)".contains(expected), "\(error)")
        }
    }

    /// The shrinker keeps a candidate only when the same failure remains: here the failure needs one SQS rule
    /// and one move, and everything else goes.
    @Test func theShrinkerKeepsOnlyWhatTheFailureNeeds() throws {
        let original = try #require((1...300).lazy.map { self.swarmCase($0) }.first {
            $0.faults.count >= 3 && $0.faults.contains { $0.service == .sqs } && $0.scenario.moves.count >= 4
        })
        let needed = try #require(original.scenario.moves.first)
        func fails(_ candidate: SwarmCase) -> SwarmResult {
            let failing = candidate.faults.contains { $0.service == .sqs } && candidate.scenario.moves.contains(needed)
            return SwarmResult(
                seed: candidate.seed, class: failing ? .invariantViolated : .passed, invariants: failing ? ["At most once"] : [],
                detail: "", moves: candidate.scenario.moves.count, rules: candidate.faults.count, faultKinds: [], faultsFired: 1,
                simulated: .seconds(1), digest: "")
        }
        let outcome = Shrinker(budget: 200) { fails($0) }.shrink(original, fails(original))
        #expect(outcome.minimal.faults.count == 1)
        #expect(outcome.minimal.faults[0].service == .sqs)
        #expect(outcome.minimal.faults[0].startAfter == nil && outcome.minimal.faults[0].duration == nil, "simpler values tried")
        #expect(outcome.minimal.scenario.moves == [needed])
        #expect(outcome.runs > 0 && outcome.runs <= 200)
        // A budget stops it.
        let stopped = Shrinker(budget: 2) { fails($0) }.shrink(original, fails(original))
        #expect(stopped.runs == 2)
    }

    @Test func mergingEveryShardNamesTheRangeAlone() {
        #expect(SwarmSummary.joinShards(["1-40 shard 1/2", "1-40 shard 2/2"]) == ["1-40"])
        #expect(Set(SwarmSummary.joinShards(["1-40 shard 1/3", "1-40 shard 3/3"])) == ["1-40 shard 1/3", "1-40 shard 3/3"])
        #expect(SwarmSummary.joinShards(["1-10"]) == ["1-10"])
    }

    @Test func aSummaryThatIsNotOneIsRefused() {
        #expect(throws: SwarmSummary.ParseError.self) { try SwarmSummary.parse(json: "{\"results\": []}") }
        #expect(throws: SwarmSummary.ParseError.self) {
            try SwarmSummary.parse(json: "{\"seeds\": [], \"space\": \"s\", \"shrinks\": [], \"results\": [{\"seed\": 1, \"class\": \"fine\"}]}")
        }
    }
}
