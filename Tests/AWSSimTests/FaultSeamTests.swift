import AWSPorts
import AWSSim
import Foundation
import SimKernel
import Testing

@Suite("Fault seam")
struct FaultSeamTests {
    let world: TestWorld
    let url: String

    init() throws {
        world = try TestWorld()
        url = try world.aws.sqs.createQueue(CreateQueueRequest(queueName: "q"))
        try world.aws.s3.createBucket("bucket-one")
    }

    @Test func anInjectedErrorFailsTheCallAndChangesNothing() throws {
        var seen: [ServiceCall] = []
        world.aws.seam.interceptor = ClosureFaultInterceptor { call in
            seen.append(call)
            return call.operation == "SendMessage"
                ? .fail(AWSError(code: "ThrottlingException", message: "Rate exceeded", httpStatus: 400)) : .proceed
        }
        let error = world.aws.latency.withCaller("worker-1") {
            expectAWSError("ThrottlingException") {
                _ = try world.aws.sqs.sendMessage(SendMessageRequest(queueUrl: url, messageBody: "x"))
            }
        }
        #expect(error?.requestId != nil)
        #expect(seen.map(\.operation) == ["SendMessage"])
        #expect(seen.first?.service == .sqs && seen.first?.resource == url && seen.first?.caller == "worker-1")
        world.aws.seam.interceptor = nil
        #expect(try world.aws.sqs.receiveMessage(ReceiveMessageRequest(queueUrl: url)).messages.isEmpty)
        let faults = try world.events(service: "sqs").filter { $0.operation == "FaultInjected" }
        #expect(faults.count == 1 && faults[0].keys.contains("ThrottlingException") && faults[0].keys.contains("worker-1"))
    }

    @Test func delaysAreChargedToTheCaller() throws {
        world.aws.seam.interceptor = ClosureFaultInterceptor { call in
            call.operation == "PutObject" ? .delay(.seconds(2)) : .proceed
        }
        try world.aws.latency.withCaller("task-1") {
            _ = try world.aws.s3.putObject(PutObjectRequest(bucket: "bucket-one", key: "a", body: Data("a".utf8)))
            _ = try world.aws.s3.putObject(PutObjectRequest(bucket: "bucket-one", key: "b", body: Data("b".utf8)))
            _ = try world.aws.s3.listObjectsV2(ListObjectsV2Request(bucket: "bucket-one"))
        }
        #expect(world.aws.latency.spent(by: "task-1") == .seconds(4))
        #expect(world.aws.latency.take(for: "task-1") == .seconds(4))
        #expect(world.aws.latency.spent(by: "task-1") == .zero)
        #expect(world.aws.latency.spent(by: "client") == .zero, "time is charged to whoever called")
    }

    @Test func partOfABatchCanFail() throws {
        world.aws.seam.interceptor = ClosureFaultInterceptor { call in
            guard call.operation.hasSuffix("Batch") else { return .proceed }
            #expect(call.batchEntryIDs == ["a", "b", "c"])
            return .failEntries(["b": AWSError(code: "InternalError", message: "try again", httpStatus: 500)])
        }
        let sent = try world.aws.sqs.sendMessageBatch(queueUrl: url, entries: ["a", "b", "c"].map {
            SendMessageBatchRequestEntry(id: $0, messageBody: $0)
        })
        #expect(sent.successful.map(\.id) == ["a", "c"])
        #expect(sent.failed == [BatchResultErrorEntry(id: "b", code: "InternalError", message: "try again", senderFault: false)])
        let received = try world.aws.sqs.receiveMessage(ReceiveMessageRequest(queueUrl: url, maxNumberOfMessages: 10)).messages
        #expect(received.map(\.body) == ["a", "c"])
        let deleted = try world.aws.sqs.deleteMessageBatch(queueUrl: url, entries: zip(["a", "b", "c"], received + [received[0]]).map {
            DeleteMessageBatchRequestEntry(id: $0.0, receiptHandle: $0.1.receiptHandle)
        })
        #expect(deleted.failed.map(\.id) == ["b"])
    }

    @Test func everyServiceGoesThroughTheSeam() throws {
        var services: Set<AWSServiceName> = []
        world.aws.seam.interceptor = ClosureFaultInterceptor { call in
            services.insert(call.service)
            return .fail(AWSError(code: "ServiceUnavailable", message: "down", httpStatus: 503))
        }
        let aws = world.aws
        let calls: [() throws -> Void] = [
            { _ = try aws.sqs.listQueues(ListQueuesRequest()) },
            { _ = try aws.s3.listBuckets() },
            { _ = try aws.dynamodb.listTables() },
            { _ = try aws.logs.describeLogGroups(prefix: nil) },
            { _ = try aws.ecs.describeClusters(["c"]) },
        ]
        for call in calls { _ = expectAWSError("ServiceUnavailable", call) }
        #expect(services == [.sqs, .s3, .dynamodb, .logs, .ecs])
    }

    @Test func theLatencyModelIsSeededAndWithinItsRanges() throws {
        func latencies(seed: UInt64) throws -> [Duration] {
            let world = try TestWorld(seed: seed, latency: .realistic)
            let url = try world.aws.sqs.createQueue(CreateQueueRequest(queueName: "q"))
            _ = world.aws.latency.take(for: "client")
            return try (0..<5).map { _ in
                _ = try world.aws.sqs.sendMessage(SendMessageRequest(queueUrl: url, messageBody: "x"))
                return world.aws.latency.take(for: "client")
            }
        }
        let first = try latencies(seed: 3)
        #expect(first == (try latencies(seed: 3)))
        #expect(first != (try latencies(seed: 4)))
        #expect(first.allSatisfy { $0 >= .milliseconds(4) && $0 <= .milliseconds(16) })
    }

    @Test func everyOperationTheSeamSeesIsListedForFaultPlans() throws {
        var seen: Set<String> = []
        let recorder = ClosureFaultInterceptor { call in
            seen.insert("\(call.service.rawValue) \(call.operation)")
            return .proceed
        }
        _ = try DeterminismTests.run(seed: 3, database: .inMemory(), interceptor: recorder)
        #expect(seen.count >= 12)
        // A task's start is not an API call: the seam only gives it a delay (fault plans say startDelay).
        for entry in seen.sorted() where entry != "ecs \(SimulatedECS.taskStartOperation)" {
            let parts = entry.split(separator: " ").map(String.init)
            let service = try #require(AWSServiceName(rawValue: parts[0]))
            #expect(ServiceOperations.all[service]?.contains(parts[1]) == true, "\(entry) is missing from ServiceOperations")
        }
    }
}
