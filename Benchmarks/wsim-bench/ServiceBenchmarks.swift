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
