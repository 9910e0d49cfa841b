import Foundation
import Testing

/// `wsim swarm` through the built binary: it finds a planted bug and shrinks it, its summaries repeat byte for
/// byte, shards merge into the unsharded summary, and bad input is refused with a clear error.
@Suite("wsim swarm", .serialized)
struct SwarmCommandTests {
    func temporaryDirectory(_ label: String) -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("wsim-swarm-\(label)-\(UUID().uuidString)")
    }

    func text(_ folder: URL, _ file: String) throws -> String {
        try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
    }

    func summary(_ folder: URL) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(text(folder, "swarm.json").utf8)) as? [String: Any])
    }

    /// The worker deletes an input message before its answer is durable (behind a test-only switch): the swarm
    /// finds the lost instruction within 500 seeds and shrinks it to a case of at most 2 rules and 3 moves,
    /// which replays with `wsim run` to the same finding.
    @Test func findsAndShrinksAPlantedBug() throws {
        let out = temporaryDirectory("planted")
        defer { try? FileManager.default.removeItem(at: out) }
        let result = try WSimProcess.run([
            "swarm", "--seeds", "1-500", "-j", "2", "--plant-bug", "delete-before-answer", "--max-findings", "1", "--out", out.path,
        ])
        #expect(result.status == 1, "\(result.output)\(result.error)")
        let json = try summary(out)
        let shrinks = try #require(json["shrinks"] as? [[String: Any]])
        let shrink = try #require(shrinks.first, "a finding was shrunk: \(result.output)")
        let rules = try #require(shrink["rules"] as? Int)
        let moves = try #require(shrink["moves"] as? Int)
        #expect(rules <= 2 && moves <= 3, "minimal case: \(rules) rules, \(moves) moves")
        #expect((shrink["runs"] as? Int ?? 0) > 0)
        let seed = try #require(shrink["seed"] as? Int)
        #expect(result.output.contains("finding: seed \(seed): "))
        // The minimal case is ordinary files that `wsim run` replays; with the bug planted it fails the same way.
        let minimal = out.appendingPathComponent("cases/\(seed)/minimal")
        #expect(try text(minimal, "scenario.yaml").contains("waitFor: all"))
        let report = try text(minimal, "run/report.md")
        #expect(report.contains("FAIL"), "kept with full outputs: \(report)")
        let replay = try #require(shrink["replay"] as? String)
        #expect(replay == "wsim run cases/\(seed)/minimal/scenario.yaml --seed \(seed) --plant-bug delete-before-answer")
        // The replay line, run where the summary is, gives the same finding again.
        let again = try WSimProcess.shell("'\(WSimProcess.binary.path)'" + replay.dropFirst("wsim".count) + " --out again", in: out)
        let found = try #require((json["results"] as? [[String: Any]])?.first { $0["seed"] as? Int == seed })
        let kind = try #require(found["class"] as? String)
        #expect(again.status == ["invariant violated": 1, "liveness": 3, "crash": 4][kind], "\(kind): \(again.output)\(again.error)")
        if let invariant = (found["invariants"] as? [String])?.first {
            #expect(try text(out, "again/report.md").contains("  - [ ] \(invariant) — "), "the same invariant fails again")
        }
        #expect(again.output.contains("replay: wsim run \(out.path)/cases/\(seed)/minimal/scenario.yaml --seed \(seed) --plant-bug delete-before-answer")
            || again.output.contains("replay: wsim run cases/\(seed)/minimal/scenario.yaml"), "\(again.output)")
        #expect(try text(out, "swarm.md").contains("minimal: "))
    }

    /// The same seeds give the same summary, byte for byte, however they are split into shards and processes.
    @Test func summariesRepeatAndShardsMergeIntoTheUnshardedRun() throws {
        let root = temporaryDirectory("shards")
        defer { try? FileManager.default.removeItem(at: root) }
        let base = ["swarm", "--seeds", "1-40", "--plant-bug", "delete-before-answer", "--no-shrink"]
        let whole = root.appendingPathComponent("whole")
        let first = try WSimProcess.run(base + ["-j", "2", "--out", whole.path])
        #expect(first.status == 0 || first.status == 1, "\(first.output)\(first.error)")
        let again = root.appendingPathComponent("again")
        _ = try WSimProcess.run(base + ["-j", "1", "--out", again.path])
        for file in ["swarm.json", "swarm.md", "junit.xml"] {
            #expect(try text(whole, file) == text(again, file), "\(file) repeats")
        }
        var shards: [String] = []
        for index in 1...4 {
            let folder = root.appendingPathComponent("shard-\(index)")
            let run = try WSimProcess.run(base + ["-j", "1", "--shard", "\(index)/4", "--out", folder.path])
            #expect(run.status == 0 || run.status == 1, "\(run.output)\(run.error)")
            shards.append(folder.path)
        }
        let merged = root.appendingPathComponent("merged")
        let merge = try WSimProcess.run(["swarm", "merge"] + shards + ["--out", merged.path])
        #expect(merge.status == first.status, "\(merge.output)\(merge.error)")
        for file in ["swarm.json", "swarm.md", "junit.xml"] {
            #expect(try text(merged, file) == text(whole, file), "merged \(file) equals the unsharded one")
        }
        let results = try #require(summary(whole)["results"] as? [[String: Any]])
        #expect(results.count == 40)
        // Findings' cases come along, so the replay lines hold in the merged folder too.
        for finding in results where ["invariant violated", "liveness", "crash"].contains(finding["class"] as? String ?? "") {
            let seed = try #require(finding["seed"] as? Int)
            #expect(FileManager.default.fileExists(atPath: merged.appendingPathComponent("cases/\(seed)/scenario.yaml").path))
        }
    }

    @Test func refusesBadArgumentsAndBadSpacesWithAClearError() throws {
        let out = temporaryDirectory("bad")
        defer { try? FileManager.default.removeItem(at: out) }
        let range = try WSimProcess.run(["swarm", "--seeds", "20-3"])
        #expect(range.status == 2)
        #expect(range.error.contains("--seeds takes a range such as 1-2000, or one seed; found 20-3"))
        let shard = try WSimProcess.run(["swarm", "--seeds", "1-10", "--shard", "5/4"])
        #expect(shard.status == 2)
        #expect(shard.error.contains("--shard takes K/N with 1 <= K <= N"))
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        let space = out.appendingPathComponent("space.yaml")
        try Data("rules: 1..2\nfaults:\n  - service: sqs\n    operation: [PurgeQueue]\n    effects:\n      - latency: 1s\n".utf8).write(to: space)
        let vacuous = try WSimProcess.run(["swarm", "--seeds", "1-2", "--space", space.path, "--out", out.appendingPathComponent("run").path])
        #expect(vacuous.status == 2)
        #expect(vacuous.error.contains("space.yaml:4: faults[0].operation: wsim never calls sqs PurgeQueue"), "\(vacuous.error)")
        let user = out.appendingPathComponent("mine")
        try FileManager.default.createDirectory(at: user, withIntermediateDirectories: true)
        try Data("keep".utf8).write(to: user.appendingPathComponent("notes.txt"))
        let refused = try WSimProcess.run(["swarm", "--seeds", "1", "--out", user.path])
        #expect(refused.status == 2)
        #expect(try text(user, "notes.txt") == "keep", "a folder wsim did not make is left alone")
        let notSwarm = try WSimProcess.run(["swarm", "merge", user.path, "--out", out.appendingPathComponent("merged").path])
        #expect(notSwarm.status == 2 || notSwarm.status == 1)
        #expect(notSwarm.error.contains("swarm.json"), "\(notSwarm.error)")
    }
}
