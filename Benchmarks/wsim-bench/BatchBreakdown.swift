import AWSPorts
import AWSSim
import Foundation

/// Time per call of each step of the batched round trip (diagnostics: `--only breakdown`).
enum BatchBreakdown {
    static func run(rounds: Int) throws {
        let aws = ServiceBenchmarks.makeAWS(try .inMemory())
        let url = try aws.sqs.createQueue(CreateQueueRequest(queueName: "bench-batch"))
        let body = "{\"sessionId\":\"session-aaa-111\",\"commandId\":\"cmd-001\",\"instruction\":\"Add a welcome message\"}"
        let entries = (0..<10).map { SendMessageBatchRequestEntry(id: "e\($0)", messageBody: body) }
        let clock = ContinuousClock()
        var send = Duration.zero, receive = Duration.zero, delete = Duration.zero
        for _ in 0..<rounds {
            send += try clock.measure { _ = try aws.sqs.sendMessageBatch(queueUrl: url, entries: entries) }
            var messages: [SQSMessage] = []
            receive += try clock.measure {
                messages = try aws.sqs.receiveMessage(ReceiveMessageRequest(queueUrl: url, maxNumberOfMessages: 10)).messages
            }
            let deletions = messages.enumerated().map { DeleteMessageBatchRequestEntry(id: "d\($0.offset)", receiptHandle: $0.element.receiptHandle) }
            delete += try clock.measure { _ = try aws.sqs.deleteMessageBatch(queueUrl: url, entries: deletions) }
        }
        func micro(_ d: Duration) -> String { String(format: "%.1f µs", Double(d.components.attoseconds / 1_000_000_000_000 + d.components.seconds * 1_000_000) / Double(rounds)) }
        print("  per batch of 10: SendMessageBatch \(micro(send)), ReceiveMessage(10) \(micro(receive)), DeleteMessageBatch \(micro(delete))")
    }
}
