import AWSPorts
import AWSSim
import Foundation
import SimKernel

/// In-process throughput of the simulated services, through their public API, with the database on the
/// same machine as the raw SQLite yardstick.
enum ServiceBenchmarks {
    static func makeAWS(_ database: SimDatabase) -> SimulatedAWS {
        SimulatedAWS(
            database: database, scheduler: Scheduler(), seed: 1,
            options: SimulatedAWSOptions(latency: .zero, sqs: SQSOptions(shortPoll: .allAvailable)))
    }

    /// One message = SendMessage + ReceiveMessage + DeleteMessage, three calls, three transactions.
    static func sqsRoundTrip(_ database: SimDatabase, messages: Int, repetitions: Int) throws -> Measurement {
        let aws = makeAWS(database)
        let url = try aws.sqs.createQueue(CreateQueueRequest(queueName: "bench"))
        let body = "{\"sessionId\":\"session-aaa-111\",\"commandId\":\"cmd-001\",\"instruction\":\"Add a welcome message\"}"
        return try measure("SQS send+receive+delete", operations: messages, repetitions: repetitions) {
            for _ in 0..<messages {
                _ = try aws.sqs.sendMessage(SendMessageRequest(queueUrl: url, messageBody: body))
                let received = try aws.sqs.receiveMessage(ReceiveMessageRequest(queueUrl: url))
                guard let message = received.messages.first else { throw BenchError("no message received") }
                try aws.sqs.deleteMessage(queueUrl: url, receiptHandle: message.receiptHandle)
            }
        }
    }

    /// Ten messages per call: SendMessageBatch + ReceiveMessage(10) + DeleteMessageBatch.
    static func sqsBatchRoundTrip(_ database: SimDatabase, messages: Int, repetitions: Int) throws -> Measurement {
        let aws = makeAWS(database)
        let url = try aws.sqs.createQueue(CreateQueueRequest(queueName: "bench-batch"))
        let body = "{\"sessionId\":\"session-aaa-111\",\"commandId\":\"cmd-001\",\"instruction\":\"Add a welcome message\"}"
        let entries = (0..<10).map { SendMessageBatchRequestEntry(id: "e\($0)", messageBody: body) }
        return try measure("SQS batch send+receive+delete", operations: messages, repetitions: repetitions) {
            for _ in 0..<(messages / 10) {
                _ = try aws.sqs.sendMessageBatch(queueUrl: url, entries: entries)
                let received = try aws.sqs.receiveMessage(ReceiveMessageRequest(queueUrl: url, maxNumberOfMessages: 10))
                guard received.messages.count == 10 else { throw BenchError("received \(received.messages.count)") }
                _ = try aws.sqs.deleteMessageBatch(
                    queueUrl: url,
                    entries: received.messages.enumerated().map {
                        DeleteMessageBatchRequestEntry(id: "d\($0.offset)", receiptHandle: $0.element.receiptHandle)
                    })
            }
        }
    }

    /// SendMessage alone: one insert-shaped transaction, the fair comparison with a raw insert.
    static func sqsSend(_ database: SimDatabase, messages: Int, repetitions: Int) throws -> Measurement {
        let aws = makeAWS(database)
        let url = try aws.sqs.createQueue(CreateQueueRequest(queueName: "bench-send"))
        let body = "{\"sessionId\":\"session-aaa-111\",\"commandId\":\"cmd-001\",\"instruction\":\"Add a welcome message\"}"
        return try measure("SQS send", operations: messages, repetitions: repetitions) {
            for _ in 0..<messages {
                _ = try aws.sqs.sendMessage(SendMessageRequest(queueUrl: url, messageBody: body))
            }
        }
    }
}

extension ServiceBenchmarks {
    /// One operation pair = PutObject (4 KiB) + GetObject of the same key, over 64 keys.
    static func s3PutGet(_ database: SimDatabase, pairs: Int, repetitions: Int) throws -> Measurement {
        let aws = makeAWS(database)
        try aws.s3.createBucket("edit.amelia.webordinary.com")
        let body = Data((0..<4096).map { UInt8($0 % 251) })
        return try measure("S3 put+get 4 KiB", operations: pairs, repetitions: repetitions) {
            for i in 0..<pairs {
                let key = "dist/page-\(i % 64).html"
                _ = try aws.s3.putObject(PutObjectRequest(bucket: "edit.amelia.webordinary.com", key: key, body: body, contentType: "text/html"))
                let object = try aws.s3.getObject(GetObjectRequest(bucket: "edit.amelia.webordinary.com", key: key))
                guard object.body.count == 4096 else { throw BenchError("short read") }
            }
        }
    }

    /// One operation pair = PutItem + GetItem of a session row, over 256 keys.
    static func dynamoDBPutGet(_ database: SimDatabase, pairs: Int, repetitions: Int) throws -> Measurement {
        let aws = makeAWS(database)
        _ = try aws.dynamodb.createTable(.stringKeyed("webordinary-edit-sessions", hashKey: "sessionId"))
        return try measure("DynamoDB put+get", operations: pairs, repetitions: repetitions) {
            for i in 0..<pairs {
                let key = "session-\(i % 256)"
                _ = try aws.dynamodb.putItem(PutItemRequest(tableName: "webordinary-edit-sessions", item: [
                    "sessionId": .s(key), "status": .s("active"), "containerId": .s("container-1"),
                    "lastActivity": .number(i), "previewUrl": .s("https://edit.amelia.webordinary.com/session/thread-aaa/"),
                ]))
                guard try aws.dynamodb.getItem(GetItemRequest(tableName: "webordinary-edit-sessions", key: ["sessionId": .s(key)])) != nil
                else { throw BenchError("missing item") }
            }
        }
    }
}
