import AWSPorts
import Foundation
@testable import HTTPFront
import SimKernel
import Testing

@Suite("The live pipeline inside the server")
struct LiveServeTests {
    static let input = "http://127.0.0.1:4566/123456789012/webordinary-input-amelia-stamps"
    static let output = "http://127.0.0.1:4566/123456789012/webordinary-output-amelia-stamps"

    static func work(_ command: String, _ instruction: String) -> String {
        let message = #"{"sessionId":"session-w","commandId":"\#(command)","chatThreadId":"thread-w","clientId":"amelia","projectId":"stamps","instruction":"\#(instruction)","userId":"u1"}"#
        return JSONValue.object(["QueueUrl": .string(input), "MessageBody": .string(message)]).canonicalText
    }

    static let upgrade = HTTPRequest(method: "GET", path: "/session/thread-w/_hmr", headers: [
        "host": "127.0.0.1:8080", "upgrade": "websocket", "connection": "Upgrade", "sec-websocket-key": "dGhlIHNhbXBsZSBub25jZQ==",
        "sec-websocket-version": "13",
    ])

    /// One session on the manual clock: a message sent on the wire is answered, previewed, reloaded; the trace of
    /// the whole run, for comparing two runs.
    static func session(in folder: URL) async throws -> String {
        let client = WireClient(host: try ServeHost(ServeOptions(
            world: .seedSet(name: "amelia"), clock: .manual, seed: 7, folder: folder, projectRoot: WireClient.projectRoot,
            endpoint: "http://127.0.0.1:4566", live: true)), region: "us-west-2")
        #expect(await client.sqs("SendMessage", work("cmd-w1", "Add a welcome message to the homepage")).status == 200)
        #expect(await client.admin("POST", "/clock/advance?by=3m").status == 200)
        let answer = await client.sqs("ReceiveMessage", JSONValue.object(["QueueUrl": .string(output), "MaxNumberOfMessages": .number("10")]).canonicalText)
        #expect(answer.bodyText.contains(#"\"commandId\":\"cmd-w1\""#), "\(answer.bodyText)")
        #expect(answer.bodyText.contains(#"\"deploySuccess\":true"#))
        let preview = await client.host.loadBalancer(.get("/session/thread-w/"))
        #expect(preview.status == 200)
        #expect(preview.bodyText.contains("Welcome to Amelia Stamps"))
        #expect(await client.host.loadBalancer(.get("/nowhere")).status == 404)
        let stream = try #require(await client.host.openLiveReload(upgrade))
        #expect(await client.host.openLiveReload(.get("/session/thread-w/_hmr")) == nil, "a request without the upgrade headers is not upgraded")
        #expect(await client.sqs("SendMessage", work("cmd-w2", "Update the footer copyright year")).status == 200)
        #expect(await client.admin("POST", "/clock/advance?by=2m").status == 200)
        var messages = stream.makeAsyncIterator()
        #expect(await messages.next() == "reload")
        // A client that leaves is forgotten: its stream ends and the container stops sending to it.
        do {
            let leaving = try #require(await client.host.openLiveReload(upgrade))
            #expect(await client.host.openLiveReloads == 2)
            _ = leaving
        }
        try await SQSWireTests.waitUntil { await client.host.openLiveReloads == 1 }
        let trace = await client.admin("GET", "/trace").bodyText
        await client.host.shutdown()
        // The server stopped its containers: the stream ends.
        #expect(await messages.next() == nil)
        return trace
    }

    @Test func aWireMessageIsProcessedPreviewedReloadedAndTheRunReplays() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("wsim-live-\(ProcessInfo.processInfo.processIdentifier)")
        defer { try? FileManager.default.removeItem(at: folder) }
        var traces: [String] = []
        for _ in 0..<2 {
            try? FileManager.default.removeItem(at: folder)
            traces.append(try await Self.session(in: folder))
            #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("wsim.sqlite-wal").path), "the database was checkpointed and closed")
        }
        #expect(traces[0].count > 1000)
        #expect(traces[0] == traces[1], "two sessions on the manual clock with the same seed wrote different traces")
    }

    @Test func aFaultPlanStrikesTheLivePipeline() async throws {
        let folder = WireClient.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let client = WireClient(host: try ServeHost(ServeOptions(
            world: .seedSet(name: "amelia"), clock: .manual, seed: 7, folder: folder, projectRoot: WireClient.projectRoot,
            endpoint: "http://127.0.0.1:4566", faultPlans: [WireClient.projectRoot.appendingPathComponent("Simulator/faults/every-build-fails.yaml")],
            live: true)), region: "us-west-2")
        #expect(await client.sqs("SendMessage", Self.work("cmd-f1", "Add a welcome message to the homepage")).status == 200)
        #expect(await client.admin("POST", "/clock/advance?by=3m").status == 200)
        let answer = await client.sqs("ReceiveMessage", JSONValue.object(["QueueUrl": .string(Self.output), "MaxNumberOfMessages": .number("10")]).canonicalText)
        #expect(answer.bodyText.contains(#"\"commandId\":\"cmd-f1\""#), "\(answer.bodyText)")
        #expect(answer.bodyText.contains(#"\"buildSuccess\":false"#), "the plan's build failure reached the worker in the server")
        let faults = await client.admin("GET", "/faults")
        #expect(Int(faults.json["injected"]?.numberText ?? "0")! >= 1)
        await client.host.shutdown()
    }

    /// SIGTERM at some instant of a command's life: the container saves its work and hands the message back, so
    /// the command is answered or waits on its queue; never lost. Read back from the database alone, as `--run`
    /// serves it. (The reader's own receive counts once: 2 means the worker had it and handed it back.)
    static func shutDown(after seconds: Int) async throws -> (answered: Bool, receiveCount: Int?) {
        let folder = WireClient.temporaryFolder()
        let copy = WireClient.temporaryFolder()
        defer {
            try? FileManager.default.removeItem(at: folder)
            try? FileManager.default.removeItem(at: copy)
        }
        let client = WireClient(host: try ServeHost(ServeOptions(
            world: .seedSet(name: "amelia"), clock: .manual, seed: 11, folder: folder, projectRoot: WireClient.projectRoot,
            endpoint: "http://127.0.0.1:4566", live: true)), region: "us-west-2")
        #expect(await client.sqs("SendMessage", work("cmd-s1", "Add a welcome message to the homepage")).status == 200)
        #expect(await client.admin("POST", "/clock/advance?by=\(seconds)s").status == 200)
        await client.host.shutdown()

        let reader = WireClient(host: try ServeHost(ServeOptions(
            world: .run(folder: folder, inPlace: false), clock: .manual, seed: 1, folder: copy, projectRoot: WireClient.projectRoot,
            endpoint: "http://127.0.0.1:4566")), region: "us-west-2")
        let answered = await reader.sqs("ReceiveMessage", JSONValue.object(["QueueUrl": .string(output), "MaxNumberOfMessages": .number("10")]).canonicalText)
        let waiting = await reader.sqs("ReceiveMessage", JSONValue.object([
            "QueueUrl": .string(input), "MaxNumberOfMessages": .number("10"), "AttributeNames": .array([.string("All")]),
        ]).canonicalText)
        let count = waiting.json["Messages"]?.arrayValue?.first?.objectValue?["Attributes"]?.objectValue?["ApproximateReceiveCount"]?.stringValue
        await reader.host.shutdown()
        return (answered.bodyText.contains(#"\"commandId\":\"cmd-s1\""#), count.flatMap { Int($0) })
    }

    @Test func aShutdownAtAnyPointOfACommandLosesNothing() async throws {
        var handedBack = false, answered = false
        for seconds in [40, 60, 70] {
            let outcome = try await Self.shutDown(after: seconds)
            #expect(outcome.answered || outcome.receiveCount != nil, "after \(seconds) s the command is neither answered nor on its queue")
            handedBack = handedBack || outcome.receiveCount == 2
            answered = answered || outcome.answered
        }
        #expect(handedBack, "one shutdown caught the command in the worker's hands, and the worker handed it back")
        #expect(answered, "one shutdown came after the answer")
    }

    @Test func faultsPostedAndClearedThroughTheAdminAPIReachTheLivePipelineAndAResetStartsItAfresh() async throws {
        let folder = WireClient.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let client = WireClient(host: try ServeHost(ServeOptions(
            world: .seedSet(name: "amelia"), clock: .manual, seed: 7, folder: folder, projectRoot: WireClient.projectRoot,
            endpoint: "http://127.0.0.1:4566", live: true)), region: "us-west-2")
        func answer(_ command: String) async -> String {
            let got = await client.sqs("ReceiveMessage", JSONValue.object(["QueueUrl": .string(Self.output), "MaxNumberOfMessages": .number("10")]).canonicalText)
            return got.bodyText.contains(#"\"commandId\":\"\#(command)\""#) ? got.bodyText : ""
        }
        let plan = try String(contentsOf: WireClient.projectRoot.appendingPathComponent("Simulator/faults/every-build-fails.yaml"), encoding: .utf8)
        let quiet = await client.admin("POST", "/clock/run-until-quiet")
        #expect(quiet.status == 409 && quiet.bodyText.contains("never goes quiet"), "a live world is refused, not run for years of simulated time")
        #expect(await client.admin("POST", "/faults?name=builds", body: plan).status == 200)
        #expect(await client.sqs("SendMessage", Self.work("cmd-p1", "Add a welcome message to the homepage")).status == 200)
        #expect(await client.admin("POST", "/clock/advance?by=3m").status == 200)
        #expect(await answer("cmd-p1").contains(#"\"buildSuccess\":false"#), "the posted plan reached the worker")
        #expect(await client.admin("DELETE", "/faults").status == 200)
        #expect(await client.sqs("SendMessage", Self.work("cmd-p2", "Update the footer copyright year")).status == 200)
        #expect(await client.admin("POST", "/clock/advance?by=2m").status == 200)
        #expect(await answer("cmd-p2").contains(#"\"buildSuccess\":true"#), "cleared, the builds succeed again")

        #expect(await client.admin("POST", "/reset").status == 200)
        #expect(await client.host.loadBalancer(.get("/session/thread-w/")).status != 200, "the reset world has no preview of the old thread")
        #expect(await client.sqs("SendMessage", Self.work("cmd-p3", "Add a welcome message to the homepage")).status == 200)
        #expect(await client.admin("POST", "/clock/advance?by=3m").status == 200)
        #expect(await answer("cmd-p3").contains(#"\"success\":true"#), "the pipeline runs again after the reset")
        await client.host.shutdown()
    }

    @Test func liveNeedsASeedSet() {
        #expect(throws: (any Error).self) {
            _ = try ServeHost(ServeOptions(
                world: .empty, clock: .manual, seed: 1, folder: WireClient.temporaryFolder(), projectRoot: WireClient.projectRoot,
                endpoint: "http://127.0.0.1:4566", live: true))
        }
    }
}
