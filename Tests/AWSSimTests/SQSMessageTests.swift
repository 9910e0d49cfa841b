import AWSPorts
import AWSSim
import Foundation
import SimKernel
import Testing

@Suite("SQS messages")
struct SQSMessageTests {
    let world: TestWorld
    let url: String

    init() throws {
        world = try TestWorld()
        url = try world.sqs.createQueue(CreateQueueRequest(queueName: "work"))
    }

    func receive(_ max: Int = 1, visibility: Int? = nil, attributes: [String] = ["All"], messageAttributes: [String] = [])
        throws -> [SQSMessage]
    {
        try world.sqs.receiveMessage(ReceiveMessageRequest(
            queueUrl: url, maxNumberOfMessages: max, visibilityTimeout: visibility,
            messageSystemAttributeNames: attributes, messageAttributeNames: messageAttributes)).messages
    }

    @Test func sendReceiveDelete() throws {
        let sent = try world.sqs.sendMessage(SendMessageRequest(queueUrl: url, messageBody: "hello world"))
        #expect(sent.md5OfMessageBody == "5eb63bbbe01eeed093cb22bb8f5acdc3")
        #expect(sent.md5OfMessageAttributes == nil)
        let messages = try receive()
        #expect(messages.count == 1)
        #expect(messages[0].messageId == sent.messageId)
        #expect(messages[0].body == "hello world")
        #expect(messages[0].attributes["ApproximateReceiveCount"] == "1")
        #expect(messages[0].attributes["SentTimestamp"] == String(world.now.unixMilliseconds))
        try world.sqs.deleteMessage(queueUrl: url, receiptHandle: messages[0].receiptHandle)
        world.advance(.seconds(31))
        #expect(try receive().isEmpty)
    }

    /// Reference values computed by moto 5.2.1 (`moto.sqs.models.Message.attribute_md5`).
    @Test func messageAttributeMD5MatchesTheAWSEncoding() throws {
        let attributes: [String: MessageAttributeValue] = [
            "sessionId": .string("session-aaa-111"), "attempt": .number("3"),
            "blob": .binary(Data([0, 1, 2])), "Custom": MessageAttributeValue(dataType: "String.custom", stringValue: "ü"),
        ]
        let sent = try world.sqs.sendMessage(SendMessageRequest(queueUrl: url, messageBody: "hello world", messageAttributes: attributes))
        #expect(sent.md5OfMessageAttributes == "dea5b49d8555d7a98096d4b5791cd3f6")
        let single = try world.sqs.sendMessage(SendMessageRequest(
            queueUrl: url, messageBody: "b", messageAttributes: ["reason": .string("invalid id")]))
        #expect(single.md5OfMessageAttributes == "2e7b2ab6dc02259b469b9659aa264fef")
        let all = try receive(10, messageAttributes: ["All"])
        #expect(all[0].messageAttributes == attributes)
        #expect(all[0].md5OfMessageAttributes == "dea5b49d8555d7a98096d4b5791cd3f6")
    }

    @Test func messageAttributeNamesSelectWhatIsReturned() throws {
        _ = try world.sqs.sendMessage(SendMessageRequest(
            queueUrl: url, messageBody: "x",
            messageAttributes: ["session.id": .string("a"), "session.user": .string("b"), "other": .string("c")]))
        let selected = try receive(messageAttributes: ["session.*"])
        #expect(Set(selected[0].messageAttributes.keys) == ["session.id", "session.user"])
        world.advance(.seconds(30))
        #expect(try receive(messageAttributes: []).first?.messageAttributes.isEmpty == true)
        world.advance(.seconds(30))
        #expect(try receive(messageAttributes: ["other"]).first?.messageAttributes.keys.sorted() == ["other"])
    }

    @Test func visibilityTimeoutRedeliversWithANewHandle() throws {
        _ = try world.sqs.sendMessage(SendMessageRequest(queueUrl: url, messageBody: "job"))
        let first = try receive(visibility: 10)
        #expect(try receive().isEmpty, "in flight")
        let counts = try world.sqs.getQueueAttributes(queueUrl: url, attributeNames: ["All"])
        #expect(counts["ApproximateNumberOfMessagesNotVisible"] == "1")
        #expect(counts["ApproximateNumberOfMessages"] == "0")
        world.advance(.seconds(10))
        let second = try receive()
        #expect(second.count == 1)
        #expect(second[0].messageId == first[0].messageId)
        #expect(second[0].receiptHandle != first[0].receiptHandle)
        #expect(second[0].attributes["ApproximateReceiveCount"] == "2")
        #expect(second[0].attributes["ApproximateFirstReceiveTimestamp"] == first[0].attributes["ApproximateFirstReceiveTimestamp"])
    }

    /// The emulator bug AWS documents against: a stale handle must not delete the redelivered message.
    @Test func aZeroVisibilityReceiveReturnsEachMessageOnce() throws {
        for body in ["a", "b", "c"] { _ = try world.sqs.sendMessage(SendMessageRequest(queueUrl: url, messageBody: body)) }
        let first = try receive(10, visibility: 0)
        #expect(first.map(\.body) == ["a", "b", "c"], "one receive never returns a message twice")
        #expect(first.map { $0.attributes["ApproximateReceiveCount"] } == ["1", "1", "1"])
        #expect(try receive(10, visibility: 0).map(\.body) == ["a", "b", "c"], "and they are visible again at once")
    }

    @Test func staleHandleSucceedsButDoesNotDeleteTheRedeliveredMessage() throws {
        _ = try world.sqs.sendMessage(SendMessageRequest(queueUrl: url, messageBody: "job"))
        let first = try receive(visibility: 5)
        world.advance(.seconds(5))
        let second = try receive(visibility: 5)
        try world.sqs.deleteMessage(queueUrl: url, receiptHandle: first[0].receiptHandle)
        world.advance(.seconds(5))
        let third = try receive()
        #expect(third.count == 1, "the stale delete must not remove the message")
        #expect(third[0].attributes["ApproximateReceiveCount"] == "3")
        _ = second
        try world.sqs.deleteMessage(queueUrl: url, receiptHandle: third[0].receiptHandle)
        world.advance(.seconds(60))
        #expect(try receive().isEmpty)
        let ignored = try world.events(service: "sqs").filter { $0.operation == "DeleteMessageIgnored" }
        #expect(ignored.count == 1)
    }

    @Test func latestHandleDeletesEvenAfterItsVisibilityExpired() throws {
        _ = try world.sqs.sendMessage(SendMessageRequest(queueUrl: url, messageBody: "job"))
        let first = try receive(visibility: 5)
        world.advance(.seconds(6))
        try world.sqs.deleteMessage(queueUrl: url, receiptHandle: first[0].receiptHandle)
        #expect(try receive().isEmpty)
    }

    @Test func malformedOrForeignHandlesAreInvalid() throws {
        let error = expectAWSError("ReceiptHandleIsInvalid") {
            try world.sqs.deleteMessage(queueUrl: url, receiptHandle: "garbage")
        }
        #expect(error?.message == "The input receipt handle \"garbage\" is not a valid receipt handle.")
        let other = try world.sqs.createQueue(CreateQueueRequest(queueName: "other"))
        _ = try world.sqs.sendMessage(SendMessageRequest(queueUrl: other, messageBody: "x"))
        let foreign = try world.sqs.receiveMessage(ReceiveMessageRequest(queueUrl: other)).messages[0].receiptHandle
        _ = expectAWSError("ReceiptHandleIsInvalid") {
            try world.sqs.deleteMessage(queueUrl: url, receiptHandle: foreign)
        }
    }

    @Test func changeMessageVisibilityExtendsAndReleases() throws {
        _ = try world.sqs.sendMessage(SendMessageRequest(queueUrl: url, messageBody: "job"))
        let message = try receive(visibility: 10)[0]
        try world.sqs.changeMessageVisibility(queueUrl: url, receiptHandle: message.receiptHandle, visibilityTimeout: 100)
        world.advance(.seconds(50))
        #expect(try receive().isEmpty, "extended to 100 s")
        try world.sqs.changeMessageVisibility(queueUrl: url, receiptHandle: message.receiptHandle, visibilityTimeout: 0)
        let again = try receive(visibility: 5)
        #expect(again.count == 1)
        world.advance(.seconds(6))
        _ = expectAWSError("MessageNotInflight") {
            try world.sqs.changeMessageVisibility(queueUrl: url, receiptHandle: again[0].receiptHandle, visibilityTimeout: 10)
        }
        _ = expectAWSError("InvalidParameterValue") {
            try world.sqs.changeMessageVisibility(queueUrl: url, receiptHandle: message.receiptHandle, visibilityTimeout: 10)
        }
        let fresh = try receive(visibility: 10)[0]
        let beyond = expectAWSError("InvalidParameterValue") {
            try world.sqs.changeMessageVisibility(queueUrl: url, receiptHandle: fresh.receiptHandle, visibilityTimeout: 43_201)
        }
        #expect(beyond?.message.contains("VisibilityTimeout") == true)
    }

    @Test func delaySecondsHoldsMessagesBack() throws {
        _ = try world.sqs.sendMessage(SendMessageRequest(queueUrl: url, messageBody: "later", delaySeconds: 30))
        #expect(try receive().isEmpty)
        #expect(try world.sqs.getQueueAttributes(queueUrl: url, attributeNames: ["ApproximateNumberOfMessagesDelayed"])
            == ["ApproximateNumberOfMessagesDelayed": "1"])
        world.advance(.seconds(30))
        #expect(try receive().count == 1)
        _ = expectAWSError("InvalidParameterValue") {
            _ = try world.sqs.sendMessage(SendMessageRequest(queueUrl: url, messageBody: "x", delaySeconds: 901))
        }
    }

    @Test func retentionExpiresMessages() throws {
        try world.sqs.setQueueAttributes(queueUrl: url, attributes: ["MessageRetentionPeriod": "60"])
        _ = try world.sqs.sendMessage(SendMessageRequest(queueUrl: url, messageBody: "old"))
        world.advance(.seconds(60))
        #expect(try receive().isEmpty)
        #expect(try world.events(service: "sqs").contains { $0.operation == "MessageRetentionExpired" })
    }

    @Test func bodiesAreValidated() throws {
        _ = expectAWSError("MissingParameter") {
            _ = try world.sqs.sendMessage(SendMessageRequest(queueUrl: url, messageBody: ""))
        }
        _ = expectAWSError("InvalidMessageContents") {
            _ = try world.sqs.sendMessage(SendMessageRequest(queueUrl: url, messageBody: "bad \u{0}"))
        }
        try world.sqs.setQueueAttributes(queueUrl: url, attributes: ["MaximumMessageSize": "1024"])
        let error = expectAWSError("InvalidParameterValue") {
            _ = try world.sqs.sendMessage(SendMessageRequest(queueUrl: url, messageBody: String(repeating: "x", count: 1025)))
        }
        #expect(error?.message.contains("shorter than 1024 bytes") == true)
        _ = expectAWSError("InvalidParameterValue") {
            _ = try world.sqs.sendMessage(SendMessageRequest(
                queueUrl: url, messageBody: "x", messageAttributes: ["n": .number("not-a-number")]))
        }
        _ = expectAWSError("InvalidParameterValue") {
            let eleven = Dictionary(uniqueKeysWithValues: (0..<11).map { ("a\($0)", MessageAttributeValue.string("v")) })
            _ = try world.sqs.sendMessage(SendMessageRequest(queueUrl: url, messageBody: "x", messageAttributes: eleven))
        }
        _ = expectAWSError("InvalidParameterValue") {
            _ = try world.sqs.sendMessage(SendMessageRequest(
                queueUrl: url, messageBody: "x", messageAttributes: ["AWS.reserved": .string("v")]))
        }
    }

    @Test func batchesReportPartialFailures() throws {
        let result = try world.sqs.sendMessageBatch(queueUrl: url, entries: [
            SendMessageBatchRequestEntry(id: "ok-1", messageBody: "one"),
            SendMessageBatchRequestEntry(id: "bad", messageBody: "two", delaySeconds: 5000),
            SendMessageBatchRequestEntry(id: "ok-2", messageBody: "three"),
        ])
        #expect(result.successful.map(\.id) == ["ok-1", "ok-2"])
        #expect(result.failed.map(\.id) == ["bad"])
        #expect(result.failed[0].code == "InvalidParameterValue")
        #expect(result.failed[0].senderFault)
        let received = try receive(10)
        #expect(received.map(\.body) == ["one", "three"])
        let deleted = try world.sqs.deleteMessageBatch(queueUrl: url, entries: [
            DeleteMessageBatchRequestEntry(id: "a", receiptHandle: received[0].receiptHandle),
            DeleteMessageBatchRequestEntry(id: "b", receiptHandle: "not-a-handle"),
        ])
        #expect(deleted.successful == ["a"])
        #expect(deleted.failed.map(\.code) == ["ReceiptHandleIsInvalid"])
    }

    @Test func batchShapeErrors() throws {
        _ = expectAWSError("EmptyBatchRequest") { _ = try world.sqs.sendMessageBatch(queueUrl: url, entries: []) }
        _ = expectAWSError("TooManyEntriesInBatchRequest") {
            _ = try world.sqs.sendMessageBatch(
                queueUrl: url, entries: (0..<11).map { SendMessageBatchRequestEntry(id: "e\($0)", messageBody: "x") })
        }
        _ = expectAWSError("BatchEntryIdsNotDistinct") {
            _ = try world.sqs.sendMessageBatch(queueUrl: url, entries: [
                SendMessageBatchRequestEntry(id: "same", messageBody: "x"), SendMessageBatchRequestEntry(id: "same", messageBody: "y"),
            ])
        }
        _ = expectAWSError("InvalidBatchEntryId") {
            _ = try world.sqs.sendMessageBatch(queueUrl: url, entries: [SendMessageBatchRequestEntry(id: "bad id!", messageBody: "x")])
        }
        try world.sqs.setQueueAttributes(queueUrl: url, attributes: ["MaximumMessageSize": "1024"])
        _ = expectAWSError("BatchRequestTooLong") {
            _ = try world.sqs.sendMessageBatch(queueUrl: url, entries: [
                SendMessageBatchRequestEntry(id: "a", messageBody: String(repeating: "x", count: 600)),
                SendMessageBatchRequestEntry(id: "b", messageBody: String(repeating: "y", count: 600)),
            ])
        }
        #expect(try receive(10).isEmpty, "a rejected batch stores nothing")
    }

    @Test func receiveParametersAreValidated() throws {
        _ = expectAWSError("InvalidParameterValue") {
            _ = try world.sqs.receiveMessage(ReceiveMessageRequest(queueUrl: url, maxNumberOfMessages: 11))
        }
        _ = expectAWSError("InvalidParameterValue") {
            _ = try world.sqs.receiveMessage(ReceiveMessageRequest(queueUrl: url, waitTimeSeconds: 21))
        }
        _ = expectAWSError("InvalidParameterValue") {
            _ = try world.sqs.receiveMessage(ReceiveMessageRequest(queueUrl: url, visibilityTimeout: -1))
        }
    }
}
