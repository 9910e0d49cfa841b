import Foundation
@testable import HTTPFront
import SimKernel
import Testing

@Suite("The admin API")
struct AdminAPITests {
    @Test func healthClockAndReset() async throws {
        let client = try WireClient.manual()
        let health = await client.admin("GET", "/health")
        #expect(health.status == 200)
        #expect(health.bodyText.hasPrefix("ready wsim 0.1.0"))
        #expect(health.bodyText.contains("clock=manual"))
        let clock = await client.admin("GET", "/clock")
        #expect(clock.json["now"]?.stringValue == "2025-08-15T00:00:00.000Z")
        let bad = await client.admin("POST", "/clock/advance?by=soon")
        #expect(bad.status == 400)
        _ = await client.sqs("CreateQueue", #"{"QueueName":"gone"}"#)
        let reset = await client.admin("POST", "/reset")
        #expect(reset.status == 200)
        let listed = await client.sqs("ListQueues", "{}")
        #expect(listed.json["QueueUrls"] == nil)
        let unknown = await client.admin("GET", "/nothing")
        #expect(unknown.status == 404)
        #expect(unknown.bodyText.contains("run-until-quiet"))
    }

    @Test func aResetAnswersALongPollParkedOnTheOldAccount() async throws {
        let client = try WireClient.manual()
        _ = await client.sqs("CreateQueue", #"{"QueueName":"parked"}"#)
        let poll = Task { await client.sqs("ReceiveMessage", #"{"QueueUrl":"http://127.0.0.1:4566/123456789012/parked","WaitTimeSeconds":20}"#) }
        try await SQSWireTests.waitUntil { await client.host.requestsServed >= 2 }
        #expect(await client.admin("POST", "/reset").status == 200)
        let answer = await poll.value
        // The account it polled is gone: nothing arrived.
        #expect(answer.status == 200)
        #expect(answer.json == .object([:]))
    }

    @Test func aPostedFaultPlanAppliesToWireCallersAndEveryMistakeIsNamed() async throws {
        let client = try WireClient.manual()
        _ = await client.sqs("CreateQueue", #"{"QueueName":"f"}"#)
        let mistakes = await client.admin("POST", "/faults?name=bad.yaml", body: "faults:\n  - service: sqs\n    operation: SendMessage\n    probability: 2\n    colour: red\n")
        #expect(mistakes.status == 400)
        #expect(mistakes.bodyText.contains("probability"))
        #expect(mistakes.bodyText.contains("colour"))
        let loaded = await client.admin("POST", "/faults?name=throttle", body: "description: throttle every send\nfaults:\n  - service: sqs\n    operation: SendMessage\n    error: {code: ThrottlingException, statusCode: 400}\n")
        #expect(loaded.status == 200, "\(loaded.bodyText)")
        let sent = await client.sqs("SendMessage", #"{"QueueUrl":"http://127.0.0.1:4566/123456789012/f","MessageBody":"x"}"#)
        #expect(sent.status == 400)
        #expect(sent.json["__type"]?.stringValue == "com.amazonaws.sqs#ThrottlingException")
        let faults = await client.admin("GET", "/faults")
        #expect(faults.json["injected"]?.numberText == "1")
        _ = await client.admin("DELETE", "/faults")
        let again = await client.sqs("SendMessage", #"{"QueueUrl":"http://127.0.0.1:4566/123456789012/f","MessageBody":"x"}"#)
        #expect(again.status == 200)
        let trace = await client.admin("GET", "/trace")
        #expect(trace.bodyText.contains("FaultInjected"))
    }

    @Test func theSameSeedReplaysTheSameSessionOnTheManualClock() async throws {
        func session() async throws -> String {
            let client = try WireClient.manual(seed: 7)
            _ = await client.sqs("CreateQueue", #"{"QueueName":"r"}"#)
            let sent = await client.sqs("SendMessage", #"{"QueueUrl":"http://127.0.0.1:4566/123456789012/r","MessageBody":"x"}"#)
            let received = await client.sqs("ReceiveMessage", #"{"QueueUrl":"http://127.0.0.1:4566/123456789012/r"}"#)
            _ = await client.admin("POST", "/clock/advance?by=31s")
            let again = await client.sqs("ReceiveMessage", #"{"QueueUrl":"http://127.0.0.1:4566/123456789012/r"}"#)
            return sent.bodyText + received.bodyText + again.bodyText + (sent.header("x-amzn-RequestId") ?? "")
        }
        let first = try await session()
        #expect(first.contains("ReceiptHandle"))
        #expect(try await session() == first)
    }

    @Test func aSeedSetsWorldIsServed() async throws {
        let folder = WireClient.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        var client = try WireClient.manual(folder: folder, world: .seedSet(name: "amelia"))
        client.region = "us-west-2"
        let queues = await client.sqs("ListQueues", #"{"QueueNamePrefix":"webordinary-dlq"}"#)
        #expect(queues.json["QueueUrls"]?.arrayValue?.isEmpty == false)
        let tables = await client.dynamodb("ListTables", "{}")
        #expect(tables.json["TableNames"]?.arrayValue?.contains(.string("webordinary-containers")) == true)
        let groups = await client.logs("DescribeLogGroups", #"{"logGroupNamePrefix":"/ecs/"}"#)
        #expect(groups.json["logGroups"]?.arrayValue?.isEmpty == false)
        await client.host.shutdown()
    }

    @Test(arguments: ["infh", "nanh", "1e9h", "3000000h", "-5s", "0"])
    func anAdvanceTimeCannotHoldIsRefused(by: String) async throws {
        let client = try WireClient.manual()
        let answer = await client.admin("POST", "/clock/advance?by=\(by)")
        #expect(answer.status == 400)
        #expect(await client.admin("GET", "/health").status == 200)
    }

    @Test func aSecondServerCannotTakeARunningServersFolder() async throws {
        let folder = WireClient.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let first = try WireClient.manual(folder: folder)
        _ = await first.sqs("CreateQueue", #"{"QueueName":"mine"}"#)
        #expect(throws: (any Error).self) { try WireClient.manual(folder: folder) }
        let listed = await first.sqs("ListQueues", "{}")
        #expect(listed.json["QueueUrls"]?.arrayValue?.count == 1)
        await first.host.shutdown()
    }
}
