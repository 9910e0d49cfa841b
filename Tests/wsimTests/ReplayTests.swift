import Foundation
import Testing

/// Every replay line wsim prints (on standard output, in `report.md`, in `junit.xml`) reproduces the run it
/// names: each is run as printed and must give the same digest.
@Suite("Replay lines replay")
struct ReplayTests {
    func temporaryDirectory(_ label: String) -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("wsim replay \(label) \(UUID().uuidString)")
    }

    /// The `wsim run ...` commands in a text: after `replay: ` on a line, or between backquotes.
    static func replayLines(in text: String) -> [String] {
        var found: [String] = []
        for line in text.split(separator: "\n") {
            if let range = line.range(of: "replay: wsim run ") {
                let command = line[line.index(range.lowerBound, offsetBy: "replay: ".count)...]
                found.append(String(command.prefix { $0 != "<" }))  // junit.xml: the element closes the line
            }
            var rest = line[...]
            while let open = rest.range(of: "`wsim run ") {
                let after = rest[open.upperBound...]
                guard let close = after.firstIndex(of: "`") else { break }
                found.append("wsim run " + after[..<close])
                rest = after[after.index(after: close)...]
            }
        }
        return found
    }

    static func digests(in output: String) -> [String: String] {
        var digests: [String: String] = [:]
        for line in output.split(separator: "\n") where line.hasPrefix("PASS ") || line.hasPrefix("FAIL ") {
            let words = line.split(separator: " ")
            if let digest = words.first(where: { $0.hasPrefix("digest=") }) { digests[String(words[1])] = String(digest) }
        }
        return digests
    }

    /// Runs a printed replay line through the shell, with the built binary for `wsim`, in `directory`.
    static func replay(_ line: String, in directory: URL, out: URL) throws -> (status: Int32, output: String, error: String) {
        #expect(line.hasPrefix("wsim run "))
        let command = "'\(WSimProcess.binary.path)'" + line.dropFirst("wsim".count) + " --out '\(out.path)'"
        return try WSimProcess.shell(command, in: directory)
    }

    @Test func theReplayLinesOfAFailingRunWithAFaultPlanAndAScenarioFileReproduceIt() throws {
        let folder = temporaryDirectory("inputs")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let plan = folder.appendingPathComponent("every build fails.yaml")
        try Data("description: every build fails\nfaults:\n  - service: build\n    fail: \"out of memory\"\n".utf8).write(to: plan)
        let scenario = folder.appendingPathComponent("my-basic-flow.yaml")
        try FileManager.default.copyItem(
            at: WSimProcess.projectRoot.appendingPathComponent("Simulator/scenarios/task05-basic-session-flow.yaml"), to: scenario)
        let out = temporaryDirectory("first")
        defer { try? FileManager.default.removeItem(at: out) }

        let first = try WSimProcess.run(["run", scenario.path, "task04-s3-sync-failure", "--faults", plan.path, "--seed", "7", "--out", out.path])
        #expect(first.status == 1, "\(first.output)\(first.error)")
        let original = Self.digests(in: first.output)
        #expect(original.count == 2)
        let report = try String(contentsOf: out.appendingPathComponent("report.md"), encoding: .utf8)
        let junit = try String(contentsOf: out.appendingPathComponent("junit.xml"), encoding: .utf8)
            .replacingOccurrences(of: "&apos;", with: "'").replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&amp;", with: "&")
        let lines = Set(Self.replayLines(in: first.output) + Self.replayLines(in: report) + Self.replayLines(in: junit))
        #expect(lines.count >= 3, "the suite's line and one per failing scenario: \(lines)")
        #expect(lines.allSatisfy { $0.contains("--faults '\(plan.path)'") }, "\(lines)")
        #expect(lines.contains { $0.contains("'\(scenario.path)'") }, "a scenario given as a file is replayed from that file: \(lines)")

        for line in lines.sorted() {
            let again = temporaryDirectory("again")
            defer { try? FileManager.default.removeItem(at: again) }
            let replayed = try Self.replay(line, in: WSimProcess.projectRoot, out: again)
            #expect(replayed.status == first.status, "\(line): \(replayed.output)\(replayed.error)")
            let digests = Self.digests(in: replayed.output)
            #expect(!digests.isEmpty, "\(line)")
            for (name, digest) in digests { #expect(original[name] == digest, "\(line) gave \(name) \(digest)") }
        }
    }

    /// A plan typed relative to a subfolder of the project is printed relative to the project, and the line
    /// works from the project folder and from that subfolder.
    @Test func aRelativePlanPathIsPrintedSoItWorksAnywhereInTheProject() throws {
        let out = temporaryDirectory("relative")
        defer { try? FileManager.default.removeItem(at: out) }
        let simulator = WSimProcess.projectRoot.appendingPathComponent("Simulator")
        let first = try WSimProcess.run(
            ["run", "task04-s3-sync-failure", "--faults", "faults/github-push-failure.yaml", "--out", out.path], in: simulator)
        let lines = Self.replayLines(in: try String(contentsOf: out.appendingPathComponent("report.md"), encoding: .utf8))
        let line = try #require(lines.first)
        #expect(line == "wsim run task04-s3-sync-failure --seed 20250815 --faults Simulator/faults/github-push-failure.yaml")
        for directory in [WSimProcess.projectRoot, simulator] {
            let again = temporaryDirectory("relative-again")
            defer { try? FileManager.default.removeItem(at: again) }
            let replayed = try Self.replay(line, in: directory, out: again)
            #expect(Self.digests(in: replayed.output) == Self.digests(in: first.output), "\(replayed.output)\(replayed.error)")
        }
    }
}
