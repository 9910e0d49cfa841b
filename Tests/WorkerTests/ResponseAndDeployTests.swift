import Messages
import Foundation
import SimKernel
import Testing
@testable import Worker

@Suite("Responses and deploy plans")
struct ResponseAndDeployTests {
    @Test func aRejectionResponseCarriesOnlyKnownFields() throws {
        let response = WorkResponse.rejection(MessageRejection(reason: "the field instruction is missing", known: ["sessionId": "s1", "commandId": "c1"]))
        let object = try #require(try JSONValue.parse(response.json).objectValue)
        #expect(object["type"] == .string("response"))
        #expect(object["sessionId"] == .string("s1"))
        #expect(object["chatThreadId"] == .null)
        #expect(object["success"] == .bool(false))
        #expect(object["error"] == .string("Invalid message: the field instruction is missing"))
        #expect(object["timings"]?.objectValue?.keys.sorted() == WorkResponse.timingNames.sorted())
    }

    @Test(arguments: [
        ("index.html", "text/html"), ("about/index.html", "text/html"), ("styles.css", "text/css"), ("favicon.svg", "image/svg+xml"),
        ("app.JS", "application/javascript"), ("README", "application/octet-stream"), (".hidden", "application/octet-stream"),
    ])
    func contentTypesByExtension(_ path: String, _ type: String) {
        #expect(ContentType.forPath(path) == type)
    }

    @Test func aDeployUploadsOnlyChangesAndDeletesWhatIsGone() throws {
        let dist = FileManager.default.temporaryDirectory.appendingPathComponent("wsim-dist-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dist) }
        try FileManager.default.createDirectory(at: dist.appendingPathComponent("about"), withIntermediateDirectories: true)
        try Data("home".utf8).write(to: dist.appendingPathComponent("index.html"))
        try Data("about".utf8).write(to: dist.appendingPathComponent("about/index.html"))
        // The MD5 of "home", as S3 quotes it.
        let existing = ["index.html": "\"4a1e1f1d3e2e4d5d4d2e9c1f8e4c8d1a\"", "old.html": "\"x\""]
        let unchanged = ["index.html": "\"106a6c241b8797f52e1e77317b96a201\"", "old.html": "\"x\""]
        let plan = try SyncPlan.make(bucket: "b", distDirectory: dist, files: ["about/index.html", "index.html"], existing: existing)
        #expect(plan.uploads.map(\.key) == ["about/index.html", "index.html"])
        #expect(plan.deletions == ["old.html"])
        let second = try SyncPlan.make(bucket: "b", distDirectory: dist, files: ["about/index.html", "index.html"], existing: unchanged)
        #expect(second.uploads.map(\.key) == ["about/index.html"], "an object whose ETag is the file's MD5 is not uploaded again")
        #expect(second.uploads.first?.contentType == "text/html")
    }
}
