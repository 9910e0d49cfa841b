import Messages
import Foundation
import Simulation
import Testing
import Worker

@Suite("Seed sets and config files")
struct SeedSetTests {
    @Test func ameliaHasEverySiteAndMessageTheSeedsName() throws {
        let seeds = try SeedSet.load(name: "amelia", seedsRoot: AmeliaWorld.seedsRoot)
        #expect(seeds.sites.map(\.siteKey) == [
            "amelia#stamps", "client-a#site", "client-b#site", "switch-test#site", "concurrent-0#site", "concurrent-1#site",
            "concurrent-2#site", "contamination-test#site", "metrics-test#site", "invalid-bucket-test#site", "test-client#test",
        ])
        #expect(seeds.site(clientId: "invalid-bucket-test")?.hasBucket == false)
        #expect(seeds.messages.map(\.name) == ["session1_msg1", "session2_msg1", "session1_msg2", "interrupt_msg", "user1_session", "user2_session"])
        for (name, message) in seeds.messages {
            #expect(throws: Never.self, "\(name) is a valid work message") {
                try WorkMessage.parse(message.json, site: message.clientId, projectId: "stamps")
            }
        }
        let files = try StarterFiles.load(try #require(seeds.site(clientId: "amelia")), from: seeds)
        let config = try #require(files.first { $0.path == "src/config.json" })
        #expect(String(decoding: config.contents, as: UTF8.self).contains("\"siteName\": \"Amelia Stamps\""))
        #expect(files.map(\.path).contains(".gitignore"))
    }

    func seedSet(world: String, messages: String? = nil, extraFile: (String, String)? = nil) throws -> (URL, Result<SeedSet, ConfigError>) {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("wsim-seeds-\(UUID().uuidString)")
        let directory = root.appendingPathComponent("broken")
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("starters/s"), withIntermediateDirectories: true)
        try Data("hello {{siteName}}\n".utf8).write(to: directory.appendingPathComponent("starters/s/index.astro"))
        try Data(world.utf8).write(to: directory.appendingPathComponent("world.yaml"))
        if let messages { try Data(messages.utf8).write(to: directory.appendingPathComponent("messages.yaml")) }
        if let (path, text) = extraFile { try Data(text.utf8).write(to: directory.appendingPathComponent(path)) }
        return (root, Result { () throws(ConfigError) in try SeedSet.load(name: "broken", seedsRoot: root) })
    }

    @Test func anUnknownKeyNamesTheFileLineAndKeyWithASuggestion() throws {
        let (root, result) = try seedSet(world: """
            starter: starters/s
            sites:
              - clientId: a
                projectId: p
                siteName: A
                bukcet: false
            """)
        defer { try? FileManager.default.removeItem(at: root) }
        #expect(throws: ConfigError.self) { try result.get() }
        guard case .failure(let error) = result else { return }
        #expect(error.file == "Seeds/broken/world.yaml")
        #expect(error.line == 6)
        #expect(error.key == "sites[0].bukcet")
        #expect(error.description.hasPrefix("Seeds/broken/world.yaml:6: sites[0].bukcet: unknown key (did you mean bucket?)"))
    }

    @Test(arguments: [
        ("starter: starters/s\nsites:\n  - clientId: ../a\n    projectId: p\n    siteName: A\n", 3, "sites[0].clientId", "is not a safe id"),
        ("starter: starters/s\nsites:\n  - projectId: p\n    siteName: A\n", 3, "sites[0]", "the key clientId is required"),
        ("starter: starters/s\nsites: {}\n", 2, "sites", "expected a list"),
        ("starter: starters/missing\nsites:\n  - clientId: a\n    projectId: p\n    siteName: A\n", 1, "starter", "does not exist"),
        ("starter: starters/s\nsites:\n  - clientId: a\n    projectId: p\n    siteName: A\n    bucket: maybe\n", 6, "sites[0].bucket", "expected true or false"),
        ("starter: [unclosed\n", 2, nil, "not valid YAML"),
    ] as [(String, Int, String?, String)])
    func badWorldFilesAreRefusedWithWhereAndWhy(_ world: String, _ line: Int, _ key: String?, _ problem: String) throws {
        let (root, result) = try seedSet(world: world)
        defer { try? FileManager.default.removeItem(at: root) }
        guard case .failure(let error) = result else {
            Issue.record("must be refused: \(world)")
            return
        }
        #expect(error.line == line, "\(error)")
        #expect(error.key == key, "\(error)")
        #expect(error.problem.contains(problem), "\(error)")
    }

    @Test func anUnknownPlaceholderInAStarterFileIsNamed() throws {
        let (root, result) = try seedSet(world: "starter: starters/s\nsites:\n  - clientId: a\n    projectId: p\n    siteName: A\n",
                                        extraFile: ("starters/s/about.astro", "line one\n{{sitename}}\n"))
        defer { try? FileManager.default.removeItem(at: root) }
        let seeds = try result.get()
        #expect(throws: ConfigError(file: "Seeds/broken/starters/s/about.astro", line: 2, key: nil,
                                    problem: "unknown placeholder {{sitename}} (known: clientId, projectId, siteName, tagline)")) {
            try StarterFiles.load(seeds.sites[0], from: seeds)
        }
    }

    @Test func aMessageWithAnUnknownFieldIsRefused() throws {
        let (root, result) = try seedSet(
            world: "starter: starters/s\nsites:\n  - clientId: a\n    projectId: p\n    siteName: A\n",
            messages: "first:\n  sessionId: s\n  commandId: c\n  chatThreadId: t\n  clientId: a\n  instruction: x\n  userId: u\n  colour: blue\n")
        defer { try? FileManager.default.removeItem(at: root) }
        guard case .failure(let error) = result else {
            Issue.record("an unknown message field must be refused")
            return
        }
        #expect(error.description.hasPrefix("Seeds/broken/messages.yaml:8: first.colour: unknown key"))
    }
}
