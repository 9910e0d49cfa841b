import AWSPorts
import AWSSim
import SimKernel
import Testing

@Suite("SQS redrive")
struct SQSRedriveTests {
    @Test func messageMovesOnTheReceiveThatWouldExceedMaxReceiveCount() throws {
        let world = try TestWorld()
        let dlq = try world.sqs.createQueue(CreateQueueRequest(queueName: "webordinary-dlq-amelia-stamps"))
        let dlqArn = world.aws.account.sqsQueueARN("webordinary-dlq-amelia-stamps")
        let url = try world.sqs.createQueue(CreateQueueRequest(
            queueName: "webordinary-input-amelia-stamps",
            attributes: ["RedrivePolicy": "{\"deadLetterTargetArn\":\"\(dlqArn)\",\"maxReceiveCount\":3}"]))
        let sent = try world.sqs.sendMessage(SendMessageRequest(
            queueUrl: url, messageBody: "{\"sessionId\":\"../x\"}", messageAttributes: ["reason": .string("unsafe id")]))
        for expected in 1...3 {
            let got = try world.sqs.receiveMessage(ReceiveMessageRequest(
                queueUrl: url, visibilityTimeout: 1, messageSystemAttributeNames: ["ApproximateReceiveCount"]))
            #expect(got.messages.count == 1, "receive \(expected) delivers")
            #expect(got.messages.first?.attributes["ApproximateReceiveCount"] == String(expected))
            world.advance(.seconds(1))
        }
        #expect(try world.sqs.receiveMessage(ReceiveMessageRequest(queueUrl: url)).messages.isEmpty,
                "the fourth receive moves it instead of delivering it")
        let dead = try world.sqs.receiveMessage(ReceiveMessageRequest(
            queueUrl: dlq, messageSystemAttributeNames: ["All"], messageAttributeNames: ["All"])).messages
        #expect(dead.count == 1)
        #expect(dead[0].messageId == sent.messageId)
        #expect(dead[0].attributes["DeadLetterQueueSourceArn"] == world.aws.account.sqsQueueARN("webordinary-input-amelia-stamps"))
        #expect(dead[0].messageAttributes["reason"] == .string("unsafe id"))
        let moves = try world.events(service: "sqs").filter { $0.operation == "MoveToDeadLetterQueue" }
        #expect(moves.count == 1)
        #expect(moves[0].keys.contains("\"receiveCount\":\"3\""))
    }

    @Test func maxReceiveCountOneMovesOnTheSecondReceive() throws {
        let world = try TestWorld()
        let dlq = try world.sqs.createQueue(CreateQueueRequest(queueName: "dlq"))
        let url = try world.sqs.createQueue(CreateQueueRequest(
            queueName: "q",
            attributes: ["RedrivePolicy": "{\"deadLetterTargetArn\":\"\(world.aws.account.sqsQueueARN("dlq"))\",\"maxReceiveCount\":1}"]))
        _ = try world.sqs.sendMessage(SendMessageRequest(queueUrl: url, messageBody: "x"))
        #expect(try world.sqs.receiveMessage(ReceiveMessageRequest(queueUrl: url, visibilityTimeout: 0)).messages.count == 1)
        #expect(try world.sqs.receiveMessage(ReceiveMessageRequest(queueUrl: url)).messages.isEmpty)
        #expect(try world.sqs.receiveMessage(ReceiveMessageRequest(queueUrl: dlq)).messages.count == 1)
    }
}

@Suite("SQS FIFO")
struct SQSFifoTests {
    let world: TestWorld
    let url: String

    init() throws {
        world = try TestWorld()
        url = try world.sqs.createQueue(CreateQueueRequest(
            queueName: "input.fifo", attributes: ["FifoQueue": "true", "ContentBasedDeduplication": "true"]))
    }

    func send(_ body: String, group: String, dedup: String? = nil) throws -> SendMessageResult {
        try world.sqs.sendMessage(SendMessageRequest(
            queueUrl: url, messageBody: body, messageDeduplicationId: dedup, messageGroupId: group))
    }

    func receive(_ max: Int = 10, visibility: Int? = nil) throws -> [SQSMessage] {
        try world.sqs.receiveMessage(ReceiveMessageRequest(
            queueUrl: url, maxNumberOfMessages: max, visibilityTimeout: visibility,
            messageSystemAttributeNames: ["All"])).messages
    }

    @Test func orderIsKeptWithinAGroupAndAGroupIsBlockedWhileInFlight() throws {
        _ = try send("a1", group: "amelia#scott")
        _ = try send("b1", group: "other#user")
        _ = try send("a2", group: "amelia#scott")
        let first = try receive(1)
        #expect(first.map(\.body) == ["a1"])
        let second = try receive(10)
        #expect(second.map(\.body) == ["b1"], "a2 waits while a1 is in flight; other groups do not")
        try world.sqs.deleteMessage(queueUrl: url, receiptHandle: first[0].receiptHandle)
        #expect(try receive(10).map(\.body) == ["a2"])
    }

    @Test func oneReceiveCanTakeSeveralMessagesOfAGroupInOrder() throws {
        for i in 1...4 { _ = try send("m\(i)", group: "g") }
        let messages = try receive(10)
        #expect(messages.map(\.body) == ["m1", "m2", "m3", "m4"])
        let numbers = messages.compactMap { $0.attributes["SequenceNumber"] }
        #expect(numbers == numbers.sorted() && numbers.count == 4)
        #expect(messages[0].attributes["MessageGroupId"] == "g")
    }

    @Test func anExpiredVisibilityRedeliversTheHeadFirst() throws {
        _ = try send("a1", group: "g")
        _ = try send("a2", group: "g")
        _ = try receive(1, visibility: 5)
        world.advance(.seconds(5))
        #expect(try receive(1).map(\.body) == ["a1"])
    }

    @Test func deduplicationWindowIsFiveMinutesEvenAfterDelete() throws {
        let original = try send("same body", group: "g")
        let duplicate = try send("same body", group: "g")
        #expect(duplicate.messageId == original.messageId)
        #expect(duplicate.sequenceNumber == original.sequenceNumber)
        let received = try receive()
        #expect(received.count == 1)
        try world.sqs.deleteMessage(queueUrl: url, receiptHandle: received[0].receiptHandle)
        world.advance(.seconds(299))
        _ = try send("same body", group: "g")
        #expect(try receive().isEmpty, "still deduplicated after the delete")
        world.advance(.seconds(1))
        let fresh = try send("same body", group: "g")
        #expect(fresh.messageId != original.messageId)
        #expect(try receive().count == 1)
    }

    @Test func explicitDeduplicationIdsWin() throws {
        _ = try send("x", group: "g", dedup: "cmd-001")
        _ = try send("y", group: "g", dedup: "cmd-001")
        _ = try send("x", group: "g", dedup: "cmd-002")
        #expect(try receive().map(\.body) == ["x", "x"])
    }

    @Test func fifoRulesAreEnforced() throws {
        _ = expectAWSError("MissingParameter") {
            _ = try world.sqs.sendMessage(SendMessageRequest(queueUrl: url, messageBody: "x"))
        }
        _ = expectAWSError("InvalidParameterValue") {
            _ = try world.sqs.sendMessage(SendMessageRequest(queueUrl: url, messageBody: "x", delaySeconds: 5, messageGroupId: "g"))
        }
        let plain = try world.sqs.createQueue(CreateQueueRequest(queueName: "plain.fifo", attributes: ["FifoQueue": "true"]))
        let error = expectAWSError("InvalidParameterValue") {
            _ = try world.sqs.sendMessage(SendMessageRequest(queueUrl: plain, messageBody: "x", messageGroupId: "g"))
        }
        #expect(error?.message.contains("ContentBasedDeduplication") == true)
        let standard = try world.sqs.createQueue(CreateQueueRequest(queueName: "standard"))
        _ = expectAWSError("InvalidParameterValue") {
            _ = try world.sqs.sendMessage(SendMessageRequest(queueUrl: standard, messageBody: "x", messageDeduplicationId: "d"))
        }
    }

    @Test func receiveRequestAttemptIdReturnsTheSameMessagesOnRetry() throws {
        _ = try send("a1", group: "g")
        _ = try send("a2", group: "g")
        let request = ReceiveMessageRequest(queueUrl: url, maxNumberOfMessages: 1, receiveRequestAttemptId: "attempt-1")
        let first = try world.sqs.receiveMessage(request).messages
        let retry = try world.sqs.receiveMessage(request).messages
        #expect(retry.map(\.receiptHandle) == first.map(\.receiptHandle))
        #expect(retry.map(\.body) == ["a1"])
        try world.sqs.deleteMessage(queueUrl: url, receiptHandle: first[0].receiptHandle)
        let afterDelete = try world.sqs.receiveMessage(request).messages
        #expect(afterDelete.map(\.body) == ["a2"], "a deleted message makes the retry a new receive")
    }
}

@Suite("SQS long polling on simulated time")
struct SQSLongPollTests {
    @Test func emptyLongPollReturnsTheEndOfItsWait() throws {
        let world = try TestWorld()
        let url = try world.sqs.createQueue(CreateQueueRequest(queueName: "q"))
        let result = try world.sqs.receiveMessage(ReceiveMessageRequest(queueUrl: url, waitTimeSeconds: 20))
        #expect(result.messages.isEmpty)
        #expect(result.wakeAt == world.now + .seconds(20))
        let short = try world.sqs.receiveMessage(ReceiveMessageRequest(queueUrl: url, waitTimeSeconds: 0))
        #expect(short.wakeAt == nil)
    }

    @Test func wakeAtIsEarlierWhenAStoredMessageBecomesVisibleFirst() throws {
        let world = try TestWorld()
        let url = try world.sqs.createQueue(CreateQueueRequest(queueName: "q", attributes: ["ReceiveMessageWaitTimeSeconds": "20"]))
        _ = try world.sqs.sendMessage(SendMessageRequest(queueUrl: url, messageBody: "later", delaySeconds: 7))
        let result = try world.sqs.receiveMessage(ReceiveMessageRequest(queueUrl: url))
        #expect(result.wakeAt == world.now + .seconds(7), "the queue's wait time applies when the call gives none")
        #expect(result.waitEndsAt == world.now + .seconds(20), "the wake hint does not end the wait")
    }

    @Test func aWaiterWakesWhenAMessageArrives() throws {
        let world = try TestWorld()
        let url = try world.sqs.createQueue(CreateQueueRequest(queueName: "q"))
        var wokeAt: Instant?
        _ = try world.sqs.waitForMessages(queueUrl: url, until: world.now + .seconds(20)) { wokeAt = world.now }
        world.scheduler.schedule(after: .seconds(3), "send") {
            _ = try? world.sqs.sendMessage(SendMessageRequest(queueUrl: url, messageBody: "hi"))
        }
        _ = world.scheduler.run()
        #expect(wokeAt == Instant.defaultSimulationStart + .seconds(3))
    }

    @Test func aWaiterWakesAtItsDeadlineWhenNothingArrives() throws {
        let world = try TestWorld()
        let url = try world.sqs.createQueue(CreateQueueRequest(queueName: "q"))
        var wakes: [Instant] = []
        _ = try world.sqs.waitForMessages(queueUrl: url, until: world.now + .seconds(20)) { wakes.append(world.now) }
        let cancelled = try world.sqs.waitForMessages(queueUrl: url, until: world.now + .seconds(5)) { wakes.append(world.now) }
        world.sqs.cancelWait(cancelled)
        _ = world.scheduler.run()
        #expect(wakes == [Instant.defaultSimulationStart + .seconds(20)])
    }

    @Test func shortPollSamplingIsSeededAndNeverEmptyByDefault() throws {
        func counts(seed: UInt64) throws -> [Int] {
            let world = try TestWorld(seed: seed, sqs: SQSOptions())
            let url = try world.sqs.createQueue(CreateQueueRequest(queueName: "q"))
            for i in 0..<100 { _ = try world.sqs.sendMessage(SendMessageRequest(queueUrl: url, messageBody: "m\(i)")) }
            return try (0..<8).map { _ in
                try world.sqs.receiveMessage(ReceiveMessageRequest(queueUrl: url, maxNumberOfMessages: 10)).messages.count
            }
        }
        let first = try counts(seed: 7)
        #expect(first == (try counts(seed: 7)))
        #expect(first.allSatisfy { (1...10).contains($0) })
        #expect(first.contains { $0 < 10 }, "a short poll samples: fewer than the maximum sometimes")
        let longPoll = try TestWorld(seed: 7, sqs: SQSOptions())
        let url = try longPoll.sqs.createQueue(CreateQueueRequest(queueName: "q"))
        for i in 0..<10 { _ = try longPoll.sqs.sendMessage(SendMessageRequest(queueUrl: url, messageBody: "m\(i)")) }
        #expect(try longPoll.sqs.receiveMessage(ReceiveMessageRequest(queueUrl: url, maxNumberOfMessages: 10, waitTimeSeconds: 5)).messages.count == 10)
    }
}
