import Fakes
import Foundation
import SimKernel
import Worker

/// A temp copy of the amelia starter (placeholders filled) that the fake Claude edits and the fake Astro builds.
final class StarterSite {
    let root: URL
    let clock = Instant.defaultSimulationStart

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("wsim-fakes-\(UUID().uuidString)")
        let starter = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Seeds/amelia/starters/astro-basic")
        let placeholders = ["siteName": "Amelia Stamps", "tagline": "Hand-carved rubber stamps", "clientId": "amelia", "projectId": "stamps"]
        let enumerator = FileManager.default.enumerator(at: starter, includingPropertiesForKeys: [.isRegularFileKey])!
        for case let url as URL in enumerator where (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true {
            let relative = String(url.standardizedFileURL.path.dropFirst(starter.standardizedFileURL.path.count + 1))
            var text = try String(contentsOf: url, encoding: .utf8)
            for (name, value) in placeholders { text = text.replacingOccurrences(of: "{{\(name)}}", with: value) }
            let target = root.appendingPathComponent(relative)
            try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: target)
        }
    }

    deinit { try? FileManager.default.removeItem(at: root) }

    /// Runs the fake Claude on `instruction` to completion.
    @discardableResult
    func apply(_ instruction: String, faults: ToolFaultPolicy? = nil) throws -> AssistantResult {
        let claude = FakeClaude(random: SeededGenerator(seed: 7), faults: faults)
        return try claude.start(instruction: instruction, workspace: root.path, at: clock).complete()
    }

    /// Builds the site; returns the result.
    func build(faults: ToolFaultPolicy? = nil) -> BuildResult {
        FakeAstroBuilder(random: SeededGenerator(seed: 7), faults: faults).start(workspace: root.path, at: clock).complete()
    }

    func built(_ path: String) -> String? {
        FileManager.default.contents(atPath: root.appendingPathComponent("dist/" + path).path).map { String(decoding: $0, as: UTF8.self) }
    }

    func source(_ path: String) -> String? {
        FileManager.default.contents(atPath: root.appendingPathComponent(path).path).map { String(decoding: $0, as: UTF8.self) }
    }
}
