import Foundation
import Testing

/// Every kept run has `timeline.html` (self-contained: inline SVG and CSS) and `trace.perfetto.json`; headless
/// Chromium renders the page to a picture with a bar for every stage of the run. CI installs Debian's
/// `chromium` and never skips; elsewhere the browser part runs where the browser is.
@Suite("timeline.html and trace.perfetto.json")
struct TimelineTests {
    static let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first { FileManager.default.isExecutableFile(atPath: $0) }
    static let browser = chromium != nil || ProcessInfo.processInfo.environment["CI"] != nil

    func runInterrupt() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("wsim-timeline-\(UUID().uuidString)")
        let run = try WSimProcess.run(["run", "task05-interrupt-during-build", "--out", folder.path])
        #expect(run.status == 0, "\(run.output)\(run.error)")
        return folder
    }

    /// The Perfetto trace's complete events, one per span.
    func perfettoSpans(_ folder: URL) throws -> [[String: Any]] {
        let data = try Data(contentsOf: folder.appendingPathComponent("trace.perfetto.json"))
        let root = try #require(JSONSerialization.jsonObject(with: data) as? [String: Any])
        let events = try #require(root["traceEvents"] as? [[String: Any]])
        return events.filter { $0["ph"] as? String == "X" }
    }

    /// `trace.jsonl` alone tells the story: log lines with their text and the command's ids, a span per stage
    /// of each command, per ECS task and per wait of the workload.
    @Test func theTraceHoldsLogTextAndSpans() throws {
        let folder = try runInterrupt()
        defer { try? FileManager.default.removeItem(at: folder) }
        let lines = try String(contentsOf: folder.appendingPathComponent("trace.jsonl"), encoding: .utf8).split(separator: "\n")
        let events = lines.compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        #expect(events.count == lines.count)
        func keys(_ event: [String: Any]) -> [String: Any] { event["keys"] as? [String: Any] ?? [:] }
        let logs = events.filter { $0["service"] as? String == "log" }
        let building = try #require(logs.first { keys($0)["message"] as? String == "Starting Astro build" })
        #expect(keys(building)["commandId"] as? String == "cmd-001")
        #expect(keys(building)["sessionId"] as? String != nil)
        #expect(keys(building)["level"] as? String == "INFO")
        let allSpans = events.filter { $0["service"] as? String == "span" }
        func spans(_ op: String) -> [[String: Any]] { allSpans.filter { $0["op"] as? String == op } }
        #expect(spans("claude").count == 2)
        // Both builds: the interrupted one of cmd-001 (it ends at the interrupt) and cmd-004's.
        #expect(spans("build").count == 2)
        #expect(spans("build").contains { keys($0)["commandId"] as? String == "cmd-001" && (keys($0)["outcome"] as? String)?.hasPrefix("Build interrupted") == true })
        // Every stage of SPEC 3 is a span: cmd-001's commit and its work-in-progress commit after the interrupt,
        // cmd-004's commit; each command's answer after its push.
        #expect(spans("commit").count == 3)
        #expect(spans("respond").count == 2)
        #expect(spans("command").allSatisfy { keys($0)["commandId"] != nil && keys($0)["sessionId"] != nil })
        #expect(spans("task").count >= 1)
        #expect(spans("wait").contains { keys($0)["step"] as? String == "waitForLog" && keys($0)["outcome"] as? String == "done" })
        // The calls a worker makes for a command carry the command: its git commit, its sync's uploads.
        func command(_ event: [String: Any]) -> String? { (event["command"] as? [String: Any])?["commandId"] as? String }
        let ofCommand = events.filter { command($0) == "cmd-004" }
        #expect(ofCommand.contains { $0["service"] as? String == "git" && $0["op"] as? String == "Commit" })
        #expect(ofCommand.contains { $0["service"] as? String == "s3" })
        #expect(ofCommand.allSatisfy { (($0["command"] as? [String: Any])?["sessionId"] as? String)?.isEmpty == false })
        for span in allSpans {
            let start = try #require(keys(span)["start"] as? String)
            let end = try #require(keys(span)["end"] as? String)
            #expect(start <= end, "a span ends after it starts: \(span)")
        }
    }

    @Test func thePageAndThePerfettoTraceShowEveryStage() throws {
        let folder = try runInterrupt()
        defer { try? FileManager.default.removeItem(at: folder) }
        let page = try String(contentsOf: folder.appendingPathComponent("timeline.html"), encoding: .utf8)
        for loader in ["<script", "src=", "href=", "<link", "url(", "@import"] {
            #expect(!page.contains(loader), "self-contained, nothing loaded from elsewhere: \(loader)")
        }
        let spans = try perfettoSpans(folder)
        let bars = page.components(separatedBy: "data-lane=\"container\"").count - 1
        #expect(bars == spans.count && bars > 0)
        // Two commands: the interrupted one ran Claude and part of its build, the next one Claude and the build.
        #expect(spans.filter { $0["name"] as? String == "claude" }.count == 2)
        #expect(spans.filter { $0["name"] as? String == "build" }.count == 2)
        for stage in ["command", "switch", "claude", "commit", "build", "sync", "push", "respond"] {
            #expect(spans.contains { $0["name"] as? String == stage }, "a \(stage) bar")
        }
        #expect(page.contains("class=\"mark interrupt\""), "the interrupt is marked")
        #expect(page.components(separatedBy: "<g class=\"arrow\" data-interrupt=\"session-aaa-111\"").count == 2,
                "one arrow from session-ccc-333's lane to session-aaa-111's")
        // The scenario's own fault plan slows the first build forty-fold so that it can be interrupted: one marker.
        #expect(page.contains("⚡ faults"))
        #expect(page.components(separatedBy: "<title>fault at ").count == 2)
        #expect(page.contains("slow-first-build[0]: build slow (factor 40.0)"))
        #expect(page.contains("<title>claude "), "bars have hover titles")
        let report = try String(contentsOf: folder.appendingPathComponent("report.md"), encoding: .utf8)
        #expect(report.contains("  - timeline: [timeline.html](timeline.html) (Perfetto: `trace.perfetto.json`)"))
    }

    /// Faults get a lane of their own, a marker each with the rule and what it struck; a tool stage whose
    /// container crashed in it is drawn to the container's last line, saying it has no closing line.
    @Test func faultsHaveALaneAndACrashedStageIsDrawn() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("wsim-timeline-faults-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let run = try WSimProcess.run(["run", "Simulator/regressions/crash-recovered-in-two-minutes/scenario.yaml", "--out", folder.path])
        #expect(run.status == 0, "\(run.output)\(run.error)")
        let page = try String(contentsOf: folder.appendingPathComponent("timeline.html"), encoding: .utf8)
        #expect(page.contains("⚡ faults"))
        let markers = page.components(separatedBy: "<path class=\"mark fault\" d=").count - 1
        #expect(markers >= 1, "a marker per fault")
        #expect(page.contains("container crash"), "the hover names the effect")
        let spans = try perfettoSpans(folder)
        #expect(spans.contains { (($0["args"] as? [String: Any])?["outcome"] as? String)?.hasPrefix("no closing line") == true },
                "the stage the crash cut short is drawn")
    }

    @Test(.enabled(if: browser)) func headlessChromiumRendersABarPerStage() throws {
        let tool = try #require(Self.chromium, "chromium is missing: apt-get install chromium (.ci/run does)")
        let folder = try runInterrupt()
        defer { try? FileManager.default.removeItem(at: folder) }
        let page = folder.appendingPathComponent("timeline.html")
        let picture = folder.appendingPathComponent("timeline.png")
        let flags = ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--window-size=1200,330"]
        let shot = try WSimProcess.run(URL(fileURLWithPath: tool), flags + ["--screenshot=\(picture.path)", page.absoluteString], in: folder)
        #expect(shot.status == 0, "\(shot.error)")
        let png = try Data(contentsOf: picture)
        #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]), "a PNG")
        // A blank page of that size compresses to about 2 KB; bars, labels and the axis take several times that.
        #expect(png.count > 12_000, "\(png.count) bytes: the picture is not blank")
        let dom = try WSimProcess.run(URL(fileURLWithPath: tool), flags + ["--dump-dom", page.absoluteString], in: folder)
        #expect(dom.status == 0)
        let bars = dom.output.components(separatedBy: "data-lane=\"container\"").count - 1
        #expect(bars == (try perfettoSpans(folder)).count, "one bar per stage of the run in the browser's DOM")
    }
}
