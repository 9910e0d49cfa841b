import AWSPorts
import AWSSim
import Foundation
import SimKernel

/// What an SQS operation answered, before it is written as JSON or as query-protocol XML.
enum SQSAnswer {
    case queueUrl(String)
    case nothing
    case queueUrls([String], nextToken: String?)
    case attributes([String: String])
    case sent(SendMessageResult)
    case sentBatch(SendMessageBatchResult)
    case received([SQSMessage])
    case batch(BatchResult)
}

/// One SQS call from the wire: reads the request's members (the same for both protocols), calls the
/// simulated SQS, and returns its answer or the long poll to wait on.
enum SQSCall {
    enum Result {
        case answer(SQSAnswer)
        case wait(queueUrl: String, wakeAt: Instant, waitEndsAt: Instant)
    }

    static func run(_ operation: SQSOperation, _ input: WireInput, _ context: WireContext) throws(AWSError) -> Result {
        let sqs = context.aws.sqs
        switch operation {
        case .createQueue:
            let lowerTags = try input.stringMap("tags")
            let upperTags = try input.stringMap("Tags")
            let tags = lowerTags ?? upperTags ?? [:]
            let url = try sqs.createQueue(CreateQueueRequest(
                queueName: try input.string("QueueName"), attributes: try input.stringMap("Attributes") ?? [:], tags: tags))
            return .answer(.queueUrl(context.outwardQueueURL(url)))
        case .getQueueUrl:
            if let owner = try input.optionalString("QueueOwnerAWSAccountId"), owner != context.aws.account.accountId {
                throw AWSError(code: "QueueDoesNotExist", message: "The specified queue does not exist.", queryErrorCode: "AWS.SimpleQueueService.NonExistentQueue")
            }
            return .answer(.queueUrl(context.outwardQueueURL(try sqs.getQueueUrl(queueName: try input.string("QueueName")))))
        case .deleteQueue:
            try sqs.deleteQueue(queueUrl: try input.string("QueueUrl"))
            return .answer(.nothing)
        case .listQueues:
            let result = try sqs.listQueues(ListQueuesRequest(
                queueNamePrefix: try input.optionalString("QueueNamePrefix"), maxResults: try input.optionalInt("MaxResults"),
                nextToken: try input.optionalString("NextToken")))
            return .answer(.queueUrls(result.queueUrls.map(context.outwardQueueURL), nextToken: result.nextToken))
        case .purgeQueue:
            try sqs.purgeQueue(queueUrl: try input.string("QueueUrl"))
            return .answer(.nothing)
        case .getQueueAttributes:
            return .answer(.attributes(try sqs.getQueueAttributes(
                queueUrl: try input.string("QueueUrl"), attributeNames: try input.stringList("AttributeNames") ?? [])))
        case .setQueueAttributes:
            try sqs.setQueueAttributes(queueUrl: try input.string("QueueUrl"), attributes: try input.stringMap("Attributes") ?? [:])
            return .answer(.nothing)
        case .sendMessage:
            return .answer(.sent(try sqs.sendMessage(SendMessageRequest(
                queueUrl: try input.string("QueueUrl"), messageBody: try input.string("MessageBody"),
                delaySeconds: try input.optionalInt("DelaySeconds"),
                messageAttributes: try messageAttributes(input, "MessageAttributes"),
                messageSystemAttributes: try messageAttributes(input, "MessageSystemAttributes"),
                messageDeduplicationId: try input.optionalString("MessageDeduplicationId"),
                messageGroupId: try input.optionalString("MessageGroupId")))))
        case .sendMessageBatch:
            var entries: [SendMessageBatchRequestEntry] = []
            for entry in try input.objectList("Entries") ?? [] {
                entries.append(SendMessageBatchRequestEntry(
                    id: try entry.string("Id"), messageBody: try entry.string("MessageBody"),
                    delaySeconds: try entry.optionalInt("DelaySeconds"),
                    messageAttributes: try messageAttributes(entry, "MessageAttributes"),
                    messageSystemAttributes: try messageAttributes(entry, "MessageSystemAttributes"),
                    messageDeduplicationId: try entry.optionalString("MessageDeduplicationId"),
                    messageGroupId: try entry.optionalString("MessageGroupId")))
            }
            return .answer(.sentBatch(try sqs.sendMessageBatch(queueUrl: try input.string("QueueUrl"), entries: entries)))
        case .receiveMessage:
            let queueUrl = try input.string("QueueUrl")
            let legacyNames = try input.stringList("AttributeNames") ?? []
            let systemNames = legacyNames + (try input.stringList("MessageSystemAttributeNames") ?? [])
            let result = try sqs.receiveMessage(ReceiveMessageRequest(
                queueUrl: queueUrl, maxNumberOfMessages: try input.optionalInt("MaxNumberOfMessages") ?? 1,
                visibilityTimeout: try input.optionalInt("VisibilityTimeout"), waitTimeSeconds: try input.optionalInt("WaitTimeSeconds"),
                messageSystemAttributeNames: systemNames,
                messageAttributeNames: try input.stringList("MessageAttributeNames") ?? [],
                receiveRequestAttemptId: try input.optionalString("ReceiveRequestAttemptId")))
            if result.messages.isEmpty, let wakeAt = result.wakeAt {
                return .wait(queueUrl: queueUrl, wakeAt: wakeAt, waitEndsAt: result.waitEndsAt ?? wakeAt)
            }
            return .answer(.received(result.messages))
        case .deleteMessage:
            try sqs.deleteMessage(queueUrl: try input.string("QueueUrl"), receiptHandle: try input.string("ReceiptHandle"))
            return .answer(.nothing)
        case .deleteMessageBatch:
            var entries: [DeleteMessageBatchRequestEntry] = []
            for entry in try input.objectList("Entries") ?? [] {
                entries.append(DeleteMessageBatchRequestEntry(id: try entry.string("Id"), receiptHandle: try entry.string("ReceiptHandle")))
            }
            return .answer(.batch(try sqs.deleteMessageBatch(queueUrl: try input.string("QueueUrl"), entries: entries)))
        case .changeMessageVisibility:
            try sqs.changeMessageVisibility(
                queueUrl: try input.string("QueueUrl"), receiptHandle: try input.string("ReceiptHandle"),
                visibilityTimeout: try input.int("VisibilityTimeout"))
            return .answer(.nothing)
        case .changeMessageVisibilityBatch:
            var entries: [ChangeMessageVisibilityBatchRequestEntry] = []
            for entry in try input.objectList("Entries") ?? [] {
                entries.append(ChangeMessageVisibilityBatchRequestEntry(
                    id: try entry.string("Id"), receiptHandle: try entry.string("ReceiptHandle"),
                    visibilityTimeout: try entry.int("VisibilityTimeout")))
            }
            return .answer(.batch(try sqs.changeMessageVisibilityBatch(queueUrl: try input.string("QueueUrl"), entries: entries)))
        }
    }

    private static func messageAttributes(_ input: WireInput, _ name: String) throws(AWSError) -> [String: MessageAttributeValue] {
        guard let object = try input.optionalObject(name) else { return [:] }
        var attributes: [String: MessageAttributeValue] = [:]
        for (key, value) in object {
            guard case .object(let members) = value else {
                throw WireErrors.wrongType("\(name).\(key)", expected: "an object", service: .sqs)
            }
            let attribute = WireInput(members: members, service: .sqs, fromForm: input.fromForm)
            var binary: Data?
            if let text = try attribute.optionalString("BinaryValue") {
                guard let data = Data(base64Encoded: text) else {
                    throw WireErrors.invalidValue("\(name).\(key).BinaryValue", "not valid base64", service: .sqs)
                }
                binary = data
            }
            attributes[key] = MessageAttributeValue(
                dataType: try attribute.string("DataType"), stringValue: try attribute.optionalString("StringValue"), binaryValue: binary)
        }
        return attributes
    }
}
