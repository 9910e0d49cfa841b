import AWSPorts
import AWSSim
import SimKernel
import Testing

@Suite("SQS queues")
struct SQSQueueTests {
    @Test func createGetURLAndList() throws {
        let world = try TestWorld()
        let url = try world.sqs.createQueue(CreateQueueRequest(queueName: "webordinary-input-amelia-stamps"))
        #expect(url == "https://sqs.us-west-2.amazonaws.com/123456789012/webordinary-input-amelia-stamps")
        #expect(try world.sqs.getQueueUrl(queueName: "webordinary-input-amelia-stamps") == url)
        _ = try world.sqs.createQueue(CreateQueueRequest(queueName: "webordinary-unclaimed"))
        _ = try world.sqs.createQueue(CreateQueueRequest(queueName: "other"))
        let listed = try world.sqs.listQueues(ListQueuesRequest(queueNamePrefix: "webordinary-"))
        #expect(listed.queueUrls.map { $0.split(separator: "/").last! } == ["webordinary-input-amelia-stamps", "webordinary-unclaimed"])
        let page = try world.sqs.listQueues(ListQueuesRequest(maxResults: 2))
        #expect(page.queueUrls.count == 2)
        let rest = try world.sqs.listQueues(ListQueuesRequest(maxResults: 2, nextToken: page.nextToken))
        #expect(rest.queueUrls.count == 1)
        #expect(rest.nextToken == nil)
    }

    @Test func unknownQueueIsQueueDoesNotExistWithTheLegacyCode() throws {
        let world = try TestWorld()
        let error = expectAWSError("QueueDoesNotExist") {
            _ = try world.sqs.getQueueUrl(queueName: "nope")
        }
        #expect(error?.queryErrorCode == "AWS.SimpleQueueService.NonExistentQueue")
        #expect(error?.httpStatus == 400)
        #expect(error?.requestId != nil)
        _ = expectAWSError("QueueDoesNotExist") {
            _ = try world.sqs.sendMessage(SendMessageRequest(
                queueUrl: "https://sqs.us-west-2.amazonaws.com/123456789012/nope", messageBody: "x"))
        }
        _ = try world.sqs.createQueue(CreateQueueRequest(queueName: "q"))
        _ = expectAWSError("QueueDoesNotExist") {
            _ = try world.sqs.sendMessage(SendMessageRequest(
                queueUrl: "https://sqs.us-west-2.amazonaws.com/999999999999/q", messageBody: "x"))
        }
    }

    @Test func createIsIdempotentForTheSameAttributesOnly() throws {
        let world = try TestWorld()
        let url = try world.sqs.createQueue(CreateQueueRequest(queueName: "q", attributes: ["VisibilityTimeout": "300"]))
        #expect(try world.sqs.createQueue(CreateQueueRequest(queueName: "q", attributes: ["VisibilityTimeout": "300"])) == url)
        #expect(try world.sqs.createQueue(CreateQueueRequest(queueName: "q")) == url)
        let error = expectAWSError("QueueNameExists") {
            _ = try world.sqs.createQueue(CreateQueueRequest(queueName: "q", attributes: ["VisibilityTimeout": "60"]))
        }
        #expect(error?.queryErrorCode == "QueueAlreadyExists")
    }

    @Test(arguments: ["", "has space", "a/b", String(repeating: "x", count: 81), "bad.fifo"])
    func invalidQueueNamesAreRejected(_ name: String) throws {
        let world = try TestWorld()
        _ = expectAWSError("InvalidParameterValue") {
            _ = try world.sqs.createQueue(CreateQueueRequest(queueName: name))
        }
    }

    @Test func fifoQueuesNeedTheSuffixAndTheAttribute() throws {
        let world = try TestWorld()
        _ = expectAWSError("InvalidParameterValue") {
            _ = try world.sqs.createQueue(CreateQueueRequest(queueName: "jobs", attributes: ["FifoQueue": "true"]))
        }
        let url = try world.sqs.createQueue(CreateQueueRequest(queueName: "jobs.fifo", attributes: ["FifoQueue": "true"]))
        let attributes = try world.sqs.getQueueAttributes(queueUrl: url, attributeNames: ["All"])
        #expect(attributes["FifoQueue"] == "true")
        #expect(attributes["ContentBasedDeduplication"] == "false")
        _ = expectAWSError("InvalidAttributeName") {
            _ = try world.sqs.createQueue(CreateQueueRequest(queueName: "std", attributes: ["ContentBasedDeduplication": "true"]))
        }
    }

    @Test func attributesHaveAWSDefaultsAndRanges() throws {
        let world = try TestWorld()
        let url = try world.sqs.createQueue(CreateQueueRequest(queueName: "q"))
        let attributes = try world.sqs.getQueueAttributes(queueUrl: url, attributeNames: ["All"])
        #expect(attributes["VisibilityTimeout"] == "30")
        #expect(attributes["MessageRetentionPeriod"] == "345600")
        #expect(attributes["MaximumMessageSize"] == "1048576")
        #expect(attributes["DelaySeconds"] == "0")
        #expect(attributes["ReceiveMessageWaitTimeSeconds"] == "0")
        #expect(attributes["QueueArn"] == "arn:aws:sqs:us-west-2:123456789012:q")
        #expect(attributes["ApproximateNumberOfMessages"] == "0")
        #expect(attributes["CreatedTimestamp"] == String(world.now.unixSeconds))
        try world.sqs.setQueueAttributes(queueUrl: url, attributes: ["VisibilityTimeout": "3600"])
        #expect(try world.sqs.getQueueAttributes(queueUrl: url, attributeNames: ["VisibilityTimeout"]) == ["VisibilityTimeout": "3600"])
        _ = expectAWSError("InvalidAttributeValue") {
            try world.sqs.setQueueAttributes(queueUrl: url, attributes: ["VisibilityTimeout": "43201"])
        }
        _ = expectAWSError("InvalidAttributeValue") {
            try world.sqs.setQueueAttributes(queueUrl: url, attributes: ["MessageRetentionPeriod": "59"])
        }
        _ = expectAWSError("InvalidAttributeName") {
            try world.sqs.setQueueAttributes(queueUrl: url, attributes: ["Colour": "blue"])
        }
        _ = expectAWSError("InvalidAttributeName") {
            _ = try world.sqs.getQueueAttributes(queueUrl: url, attributeNames: ["Colour"])
        }
        _ = expectAWSError("InvalidAttributeName") {
            try world.sqs.setQueueAttributes(queueUrl: url, attributes: ["FifoQueue": "true"])
        }
    }

    @Test func deletedNameIsBlockedForSixtySeconds() throws {
        let world = try TestWorld()
        let url = try world.sqs.createQueue(CreateQueueRequest(queueName: "q"))
        _ = try world.sqs.sendMessage(SendMessageRequest(queueUrl: url, messageBody: "hello"))
        try world.sqs.deleteQueue(queueUrl: url)
        _ = expectAWSError("QueueDoesNotExist") { _ = try world.sqs.getQueueUrl(queueName: "q") }
        world.advance(.seconds(59))
        let error = expectAWSError("QueueDeletedRecently") {
            _ = try world.sqs.createQueue(CreateQueueRequest(queueName: "q"))
        }
        #expect(error?.queryErrorCode == "AWS.SimpleQueueService.QueueDeletedRecently")
        world.advance(.seconds(1))
        let again = try world.sqs.createQueue(CreateQueueRequest(queueName: "q"))
        let received = try world.sqs.receiveMessage(ReceiveMessageRequest(queueUrl: again))
        #expect(received.messages.isEmpty, "the old queue's messages are gone")
    }

    @Test func purgeDeletesEverythingOncePerMinute() throws {
        let world = try TestWorld()
        let url = try world.sqs.createQueue(CreateQueueRequest(queueName: "q"))
        for i in 0..<5 { _ = try world.sqs.sendMessage(SendMessageRequest(queueUrl: url, messageBody: "m\(i)")) }
        try world.sqs.purgeQueue(queueUrl: url)
        #expect(try world.sqs.getQueueAttributes(queueUrl: url, attributeNames: ["ApproximateNumberOfMessages"])
            == ["ApproximateNumberOfMessages": "0"])
        let error = expectAWSError("PurgeQueueInProgress") { try world.sqs.purgeQueue(queueUrl: url) }
        #expect(error?.httpStatus == 403)
        world.advance(.seconds(60))
        try world.sqs.purgeQueue(queueUrl: url)
    }

    @Test func redrivePolicyIsValidated() throws {
        let world = try TestWorld()
        let dlq = try world.sqs.createQueue(CreateQueueRequest(queueName: "dlq"))
        let dlqArn = try world.sqs.getQueueAttributes(queueUrl: dlq, attributeNames: ["QueueArn"])["QueueArn"]!
        let url = try world.sqs.createQueue(CreateQueueRequest(
            queueName: "q", attributes: ["RedrivePolicy": "{\"deadLetterTargetArn\":\"\(dlqArn)\",\"maxReceiveCount\":\"3\"}"]))
        #expect(try world.sqs.getQueueAttributes(queueUrl: url, attributeNames: ["RedrivePolicy"])["RedrivePolicy"]
            == "{\"deadLetterTargetArn\":\"\(dlqArn)\",\"maxReceiveCount\":3}")
        _ = expectAWSError("InvalidParameterValue") {
            try world.sqs.setQueueAttributes(queueUrl: url, attributes: ["RedrivePolicy": "{\"deadLetterTargetArn\":\"arn:aws:sqs:us-west-2:123456789012:missing\",\"maxReceiveCount\":3}"])
        }
        _ = expectAWSError("InvalidParameterValue") {
            try world.sqs.setQueueAttributes(queueUrl: url, attributes: ["RedrivePolicy": "{\"deadLetterTargetArn\":\"\(dlqArn)\",\"maxReceiveCount\":0}"])
        }
        _ = expectAWSError("InvalidParameterValue") {
            try world.sqs.setQueueAttributes(queueUrl: url, attributes: ["RedrivePolicy": "not json"])
        }
        let fifo = try world.sqs.createQueue(CreateQueueRequest(queueName: "f.fifo", attributes: ["FifoQueue": "true"]))
        let error = expectAWSError("InvalidParameterValue") {
            try world.sqs.setQueueAttributes(queueUrl: fifo, attributes: ["RedrivePolicy": "{\"deadLetterTargetArn\":\"\(dlqArn)\",\"maxReceiveCount\":3}"])
        }
        #expect(error?.message.contains("same type") == true)
    }
}
