import AWSPorts
import Foundation
import SimKernel
import Simulation
import Testing
import Worker

/// SPEC section 2: an invalid message is never dropped silently and never touches the workspace.
@Suite("Invalid messages go to the DLQ with a reason")
struct InvalidMessageTests {
    static let unsafe: [(field: String, value: String)] = [
        ("chatThreadId", "../x"), ("sessionId", "a b"), ("chatThreadId", "thread-x.lock"), ("commandId", "-rf"),
        ("userId", String(repeating: "u", count: 200)),
    ]

    @Test func unsafeIdsAndMalformedJSONAreRefusedWithoutTouchingTheWorkspace() throws {
        let world = try AmeliaWorld()
        try world.startClaimedWorker()
        var bodies: [String] = []
        for (index, (field, value)) in Self.unsafe.enumerated() {
            var object: [String: JSONValue] = [
                "sessionId": .string("session-bad-\(index)"), "commandId": .string("cmd-bad-\(index)"),
                "chatThreadId": .string("thread-bad"), "clientId": .string("amelia"),
                "instruction": .string("Add a welcome message"), "userId": .string("test-user-1"),
            ]
            object[field] = .string(value)
            bodies.append(JSONValue.object(object).canonicalText)
        }
        bodies.append("{\"sessionId\": \"session-bad-json\", ")
        bodies.append("[\"not\", \"an\", \"object\"]")
        for body in bodies { try world.run.send(body: body, clientId: "amelia") }
        world.run.advance(by: .seconds(60))

        // Every message is in the DLQ with a reason naming the problem.
        let dead = world.deadLetters()
        #expect(dead.count == bodies.count)
        #expect(Set(dead.map(\.body)) == Set(bodies), "the original bodies, unchanged")
        let reasons = dead.compactMap { $0.messageAttributes["reason"]?.stringValue }
        #expect(reasons.count == bodies.count)
        for (field, _) in Self.unsafe {
            #expect(reasons.contains { $0.hasPrefix(field) && $0.contains("is not a safe id") }, "a reason names \(field)")
        }
        #expect(reasons.contains { $0.contains("not valid JSON") })
        #expect(reasons.contains { $0.contains("must be a JSON object") })

        // Nothing else was touched: no clone, no branch, no deploy.
        #expect(!FileManager.default.fileExists(atPath: world.amelia.endpoints.workspacePath))
        #expect(try world.remote().branches().keys.sorted() == ["main"])
        #expect(world.bucketKeys().isEmpty)
        // An error response goes to whoever the message names, when it names someone safely.
        world.runUntilResponses(Self.unsafe.count, atMost: .seconds(1))
        #expect(world.responses.allSatisfy { $0["success"] == .bool(false) && $0["error"]?.stringValue?.hasPrefix("Invalid message: ") == true })
        #expect(world.logMessages("\"Invalid message\"").count == bodies.count)
        // The input queue is empty: nothing is left to be redelivered.
        let attributes = try world.run.aws.sqs.getQueueAttributes(queueUrl: world.amelia.endpoints.inputQueueURL, attributeNames: ["All"])
        #expect(attributes["ApproximateNumberOfMessages"] == "0" && attributes["ApproximateNumberOfMessagesNotVisible"] == "0")
    }

    @Test func aMessageForAnotherSiteIsRefused() throws {
        let world = try AmeliaWorld()
        try world.startClaimedWorker()
        var message = try #require(world.seedSet.message(named: "session1_msg1"))
        message.clientId = "client-b"
        try world.run.send(body: message.json, clientId: "amelia")
        world.run.advance(by: .seconds(30))
        let dead = try #require(world.deadLetters().first)
        #expect(dead.messageAttributes["reason"]?.stringValue == "clientId client-b does not match this queue's site amelia/stamps")
    }

    @Test func aRepeatedCommandIsAcknowledgedNotRunAgain() throws {
        let world = try AmeliaWorld()
        try world.startClaimedWorker()
        try world.send("session1_msg1")
        world.runUntilResponses(1)
        let before = try world.remoteCommits(on: "thread-aaa")
        try world.send("session1_msg1")
        world.run.advance(by: .seconds(60))
        #expect(try world.remoteCommits(on: "thread-aaa") == before, "no second commit")
        #expect(world.logMessages("\"already completed\" \"cmd-001\"").count == 1)
        #expect(world.logMessages("\"Processing command cmd-001\"").count == 1)
        let attributes = try world.run.aws.sqs.getQueueAttributes(queueUrl: world.amelia.endpoints.inputQueueURL, attributeNames: ["All"])
        #expect(attributes["ApproximateNumberOfMessages"] == "0" && attributes["ApproximateNumberOfMessagesNotVisible"] == "0")
    }

    /// A body too large to go to the DLQ with its attributes (SQS takes 256 KiB in all) is cut to fit and says
    /// so; it is not held forever, and the error answer goes out anyway.
    @Test func aBodyTooLargeForTheDLQIsCutAndSaysSo() throws {
        let world = try AmeliaWorld()
        try world.startClaimedWorker()
        let instruction = String(repeating: "x", count: 255 * 1024)
        let body = #"{"sessionId":"session-big","commandId":"cmd-big","chatThreadId":"thread-big","clientId":"amelia","userId":"u1","instruction":""#
            + instruction + "\"}"
        #expect(body.utf8.count < 256 * 1024, "SQS takes the original")
        try world.run.send(body: body, clientId: "amelia")
        world.run.advance(by: .seconds(60))
        let dead = try #require(world.deadLetters().first)
        #expect(dead.messageAttributes["reason"]?.stringValue?.contains("the instruction is") == true)
        #expect(dead.messageAttributes["truncatedFrom"]?.stringValue == String(body.utf8.count))
        #expect(body.hasPrefix(dead.body) && dead.body.utf8.count <= 256 * 1024 - 4096)
        #expect(world.runUntilResponses(1).first?["success"] == .bool(false), "answered with the error")
        #expect(try world.run.aws.sqs.peekMessages(queueUrl: world.amelia.endpoints.inputQueueURL).isEmpty, "deleted, not held")
    }
}
