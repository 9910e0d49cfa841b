import AWSPorts
import AWSSim
import Foundation
import SimKernel
import Testing

/// The same seed must give the same run, byte for byte: the same trace digest and the same event log.
@Suite("Determinism")
struct DeterminismTests {
    /// A workload that touches every service, timers included (visibility expiry, TTL reaping, ECS
    /// convergence), with seeded choices along the way.
    static func run(seed: UInt64, database: SimDatabase, interceptor: FaultInterceptor? = nil) throws -> (digest: TraceDigest, events: [EventLogEntry]) {
        let scheduler = Scheduler()
        let aws = SimulatedAWS(
            database: database, scheduler: scheduler, seed: seed,
            options: SimulatedAWSOptions(latency: .realistic, sqs: SQSOptions(shortPoll: .sampled(emptyProbability: 0.2))))
        aws.seam.interceptor = interceptor
        var workload = SeededGenerator(seed: seed).derive("test.workload")
        let dlq = try aws.sqs.createQueue(CreateQueueRequest(queueName: "dlq"))
        let url = try aws.sqs.createQueue(CreateQueueRequest(
            queueName: "input", attributes: ["VisibilityTimeout": "5",
                                             "RedrivePolicy": "{\"deadLetterTargetArn\":\"\(aws.account.sqsQueueARN("dlq"))\",\"maxReceiveCount\":2}"]))
        try aws.s3.createBucket("edit.amelia.webordinary.com")
        _ = try aws.dynamodb.createTable(.stringKeyed("sessions", hashKey: "sessionId"))
        try aws.dynamodb.updateTimeToLive(tableName: "sessions", attributeName: "ttl", enabled: true)
        try aws.logs.createLogGroup("/ecs/webordinary/edit")
        try aws.logs.createLogStream(logGroupName: "/ecs/webordinary/edit", logStreamName: "s")
        _ = try aws.ecs.createCluster("cluster")
        _ = try aws.ecs.registerTaskDefinition(family: "edit", containerDefinitions: [ContainerDefinition(name: "c", image: "i")])
        _ = try aws.ecs.createService(CreateServiceRequest(cluster: "cluster", serviceName: "svc", taskDefinition: "edit", desiredCount: 0))
        for step in 0..<40 {
            _ = try aws.sqs.sendMessage(SendMessageRequest(queueUrl: url, messageBody: "work \(step)"))
            let received = try aws.sqs.receiveMessage(ReceiveMessageRequest(queueUrl: url, maxNumberOfMessages: 3)).messages
            for message in received where workload.chance(0.5) {
                try aws.sqs.deleteMessage(queueUrl: url, receiptHandle: message.receiptHandle)
            }
            _ = try aws.s3.putObject(PutObjectRequest(
                bucket: "edit.amelia.webordinary.com", key: "page-\(workload.uniform(below: 5)).html", body: Data("v\(step)".utf8)))
            _ = try aws.dynamodb.putItem(PutItemRequest(tableName: "sessions", item: [
                "sessionId": .s("s\(workload.uniform(below: 4))"), "step": .number(step),
                "ttl": .number(scheduler.now.unixSeconds + Int64(workload.uniform(in: 1...30))),
            ]))
            _ = try aws.logs.putLogEvents(logGroupName: "/ecs/webordinary/edit", logStreamName: "s", events: [
                InputLogEvent(timestamp: scheduler.now.unixMilliseconds, message: "step \(step)"),
            ])
            if step % 10 == 0 { _ = try aws.ecs.updateService(cluster: "cluster", service: "svc", desiredCount: Int(workload.uniform(below: 3))) }
            scheduler.advance(by: .milliseconds(Int64(workload.uniform(in: 100...3000))))
        }
        _ = scheduler.run(until: scheduler.now + .seconds(600))
        _ = try aws.sqs.receiveMessage(ReceiveMessageRequest(queueUrl: dlq, maxNumberOfMessages: 10))
        return (aws.trace.digest, try database.eventLog())
    }

    @Test func theSameSeedGivesTheSameTraceTwice() throws {
        let first = try Self.run(seed: 42, database: .inMemory())
        let second = try Self.run(seed: 42, database: .inMemory())
        #expect(first.digest == second.digest)
        #expect(first.events == second.events)
        #expect(first.events.count >= 200, "each of the 40 steps writes at least five events")
        #expect(Set(first.events.map(\.service)) == ["sqs", "s3", "dynamodb", "logs", "ecs"])
        #expect(first.events.contains { $0.operation == "MoveToDeadLetterQueue" })
        #expect(first.events.contains { $0.operation == "TTLDeleteItem" })
        #expect(first.events.contains { $0.operation == "TaskStateChange" && $0.keys.contains("RUNNING") })
    }

    @Test func aDifferentSeedGivesADifferentTrace() throws {
        #expect(try Self.run(seed: 42, database: .inMemory()).digest != (try Self.run(seed: 43, database: .inMemory()).digest))
    }

    @Test func aFileDatabaseGivesTheSameTraceAsMemory() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("wsim-determinism-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = try Self.run(seed: 42, database: .file(at: directory.appendingPathComponent("run.sqlite").path))
        #expect(file.digest == (try Self.run(seed: 42, database: .inMemory()).digest))
    }
}
