import Fakes
import Foundation
import SimKernel
import Testing
import Worker

@Suite("Fake tools: durations, faults and interrupts")
struct ToolFaultTests {
    @Test func claudeDurationsAreSeededAndInRange() throws {
        let site = try StarterSite()
        func durations(seed: UInt64) throws -> [Duration] {
            let claude = FakeClaude(random: SeededGenerator(seed: seed))
            return try (0..<5).map { _ in try claude.start(instruction: "Add a welcome message", workspace: site.root.path, at: site.clock).duration }
        }
        let first = try durations(seed: 3)
        #expect(first == (try durations(seed: 3)))
        #expect(first != (try durations(seed: 4)))
        #expect(first.allSatisfy { $0 >= .seconds(5) && $0 <= .seconds(12) })
    }

    @Test func aFailingClaudeChangesNothing() throws {
        let site = try StarterSite()
        let before = site.source("src/pages/index.astro")
        let faults = ClosureToolFaultPolicy { tool, _ in tool == .claude ? .fail("rate limited") : nil }
        #expect(throws: ToolFailure("rate limited")) { try site.apply("Add a welcome message to the homepage", faults: faults) }
        #expect(site.source("src/pages/index.astro") == before)
    }

    @Test func aClaudeStoppedHalfWayWritesHalfItsEdits() throws {
        let site = try StarterSite()
        let faults = ClosureToolFaultPolicy { tool, _ in tool == .claude ? .stopHalfway : nil }
        #expect(throws: ToolFailure.self) { try site.apply("Create a components/Header.astro file", faults: faults) }
        #expect(site.source("src/components/Header.astro") != nil, "the first of its two edits was written")
        #expect(site.source("src/pages/index.astro")?.contains("<Header />") == false)
    }

    @Test func anInterruptedClaudeKeepsTheEditsFinishedSoFar() throws {
        let site = try StarterSite()
        let claude = FakeClaude(random: SeededGenerator(seed: 1), timing: ClaudeTiming(duration: .seconds(10) ... .seconds(10)))
        let task = try claude.start(instruction: "Create a components/Header.astro file", workspace: site.root.path, at: site.clock)
        let result = task.interrupt(after: .seconds(6))
        #expect(result.filesWritten == ["src/components/Header.astro"])
        #expect(result.summary.hasPrefix("Interrupted: "))
    }

    @Test func buildFaultsFailSlowOrStopHalfWay() throws {
        let site = try StarterSite()
        let normal = FakeAstroBuilder(random: SeededGenerator(seed: 1)).start(workspace: site.root.path, at: site.clock)
        let slow = FakeAstroBuilder(random: SeededGenerator(seed: 1), faults: ClosureToolFaultPolicy { _, _ in .slow(10) })
            .start(workspace: site.root.path, at: site.clock)
        #expect(abs((slow.duration - normal.duration * 10).secondsValue) < 0.000_001)
        #expect(normal.duration >= .milliseconds(350))
        let failing = FakeAstroBuilder(random: SeededGenerator(seed: 1), faults: ClosureToolFaultPolicy { _, _ in .fail("out of memory") })
        #expect(failing.start(workspace: site.root.path, at: site.clock).complete() == .failure(reason: "out of memory"))
        let halfway = FakeAstroBuilder(random: SeededGenerator(seed: 1), faults: ClosureToolFaultPolicy { _, _ in .stopHalfway })
        #expect(halfway.start(workspace: site.root.path, at: site.clock).complete() == .failure(reason: "build stopped half way"))
    }

    @Test func anInterruptedBuildLeavesAPartialDist() throws {
        let site = try StarterSite()
        let task = FakeAstroBuilder(random: SeededGenerator(seed: 1)).start(workspace: site.root.path, at: site.clock)
        #expect(task.interrupt(after: task.duration / 2) == .interrupted)
        let full = try StarterSite()
        guard case .success(let files) = full.build() else { Issue.record("the starter must build"); return }
        let written = files.filter { site.built($0) != nil }
        #expect(written.count > 0 && written.count < files.count, "some pages, not all: \(written)")
    }

    @Test func aTemplateErrorFailsTheBuildNamingTheFile() throws {
        let site = try StarterSite()
        try Data("---\n---\n<main>{undefinedThing}</main>\n".utf8).write(to: site.root.appendingPathComponent("src/pages/broken.astro"))
        guard case .failure(let reason) = site.build() else { Issue.record("a broken page must fail the build"); return }
        #expect(reason == "src/pages/broken.astro:3: undefinedThing is not defined")
    }
}
