import SimKernel

public struct CreateQueueRequest: Sendable {
    public var queueName: String
    /// Queue attributes by their AWS names (`VisibilityTimeout`, `FifoQueue`, `RedrivePolicy`, ...).
    public var attributes: [String: String]
    public var tags: [String: String]

    public init(queueName: String, attributes: [String: String] = [:], tags: [String: String] = [:]) {
        self.queueName = queueName
        self.attributes = attributes
        self.tags = tags
    }
}

public struct ListQueuesRequest: Sendable {
    public var queueNamePrefix: String?
    public var maxResults: Int?
    public var nextToken: String?

    public init(queueNamePrefix: String? = nil, maxResults: Int? = nil, nextToken: String? = nil) {
        self.queueNamePrefix = queueNamePrefix
        self.maxResults = maxResults
        self.nextToken = nextToken
    }
}

public struct ListQueuesResult: Sendable {
    public var queueUrls: [String]
    public var nextToken: String?

    public init(queueUrls: [String], nextToken: String?) {
        self.queueUrls = queueUrls
        self.nextToken = nextToken
    }
}

public struct SendMessageRequest: Sendable {
    public var queueUrl: String
    public var messageBody: String
    public var delaySeconds: Int?
    public var messageAttributes: [String: MessageAttributeValue]
    /// Only `AWSTraceHeader` is accepted, as in AWS.
    public var messageSystemAttributes: [String: MessageAttributeValue]
    public var messageDeduplicationId: String?
    public var messageGroupId: String?

    public init(
        queueUrl: String, messageBody: String, delaySeconds: Int? = nil,
        messageAttributes: [String: MessageAttributeValue] = [:],
        messageSystemAttributes: [String: MessageAttributeValue] = [:],
        messageDeduplicationId: String? = nil, messageGroupId: String? = nil
    ) {
        self.queueUrl = queueUrl
        self.messageBody = messageBody
        self.delaySeconds = delaySeconds
        self.messageAttributes = messageAttributes
        self.messageSystemAttributes = messageSystemAttributes
        self.messageDeduplicationId = messageDeduplicationId
        self.messageGroupId = messageGroupId
    }
}

public struct SendMessageResult: Hashable, Sendable {
    public var messageId: String
    public var md5OfMessageBody: String
    public var md5OfMessageAttributes: String?
    public var md5OfMessageSystemAttributes: String?
    /// FIFO queues only.
    public var sequenceNumber: String?

    public init(
        messageId: String, md5OfMessageBody: String, md5OfMessageAttributes: String?,
        md5OfMessageSystemAttributes: String?, sequenceNumber: String?
    ) {
        self.messageId = messageId
        self.md5OfMessageBody = md5OfMessageBody
        self.md5OfMessageAttributes = md5OfMessageAttributes
        self.md5OfMessageSystemAttributes = md5OfMessageSystemAttributes
        self.sequenceNumber = sequenceNumber
    }
}

public struct SendMessageBatchRequestEntry: Sendable {
    public var id: String
    public var messageBody: String
    public var delaySeconds: Int?
    public var messageAttributes: [String: MessageAttributeValue]
    public var messageSystemAttributes: [String: MessageAttributeValue]
    public var messageDeduplicationId: String?
    public var messageGroupId: String?

    public init(
        id: String, messageBody: String, delaySeconds: Int? = nil,
        messageAttributes: [String: MessageAttributeValue] = [:],
        messageSystemAttributes: [String: MessageAttributeValue] = [:],
        messageDeduplicationId: String? = nil, messageGroupId: String? = nil
    ) {
        self.id = id
        self.messageBody = messageBody
        self.delaySeconds = delaySeconds
        self.messageAttributes = messageAttributes
        self.messageSystemAttributes = messageSystemAttributes
        self.messageDeduplicationId = messageDeduplicationId
        self.messageGroupId = messageGroupId
    }
}

/// One failed entry of a batch call, as AWS reports it (the call itself succeeds).
public struct BatchResultErrorEntry: Hashable, Sendable {
    public var id: String
    public var code: String
    public var message: String
    public var senderFault: Bool

    public init(id: String, code: String, message: String, senderFault: Bool) {
        self.id = id
        self.code = code
        self.message = message
        self.senderFault = senderFault
    }
}

public struct SendMessageBatchResultEntry: Hashable, Sendable {
    public var id: String
    public var result: SendMessageResult

    public init(id: String, result: SendMessageResult) {
        self.id = id
        self.result = result
    }
}

public struct SendMessageBatchResult: Sendable {
    public var successful: [SendMessageBatchResultEntry]
    public var failed: [BatchResultErrorEntry]

    public init(successful: [SendMessageBatchResultEntry], failed: [BatchResultErrorEntry]) {
        self.successful = successful
        self.failed = failed
    }
}

public struct ReceiveMessageRequest: Sendable {
    public var queueUrl: String
    /// 1 to 10.
    public var maxNumberOfMessages: Int
    /// Overrides the queue's visibility timeout for these messages (0 to 43200 s).
    public var visibilityTimeout: Int?
    /// 0 to 20 s; nil uses the queue's `ReceiveMessageWaitTimeSeconds`.
    public var waitTimeSeconds: Int?
    /// System attributes to return (`All`, `ApproximateReceiveCount`, `SentTimestamp`, ...).
    public var messageSystemAttributeNames: [String]
    /// Message attributes to return: `All`, `.*`, exact names, or `prefix.*`.
    public var messageAttributeNames: [String]
    /// FIFO only: makes retries of the same receive return the same messages for 5 minutes.
    public var receiveRequestAttemptId: String?

    public init(
        queueUrl: String, maxNumberOfMessages: Int = 1, visibilityTimeout: Int? = nil, waitTimeSeconds: Int? = nil,
        messageSystemAttributeNames: [String] = [], messageAttributeNames: [String] = [],
        receiveRequestAttemptId: String? = nil
    ) {
        self.queueUrl = queueUrl
        self.maxNumberOfMessages = maxNumberOfMessages
        self.visibilityTimeout = visibilityTimeout
        self.waitTimeSeconds = waitTimeSeconds
        self.messageSystemAttributeNames = messageSystemAttributeNames
        self.messageAttributeNames = messageAttributeNames
        self.receiveRequestAttemptId = receiveRequestAttemptId
    }
}

public struct SQSMessage: Hashable, Sendable {
    public var messageId: String
    public var receiptHandle: String
    public var body: String
    public var md5OfBody: String
    public var md5OfMessageAttributes: String?
    /// The requested system attributes, by AWS name, as strings.
    public var attributes: [String: String]
    public var messageAttributes: [String: MessageAttributeValue]

    public init(
        messageId: String, receiptHandle: String, body: String, md5OfBody: String, md5OfMessageAttributes: String?,
        attributes: [String: String], messageAttributes: [String: MessageAttributeValue]
    ) {
        self.messageId = messageId
        self.receiptHandle = receiptHandle
        self.body = body
        self.md5OfBody = md5OfBody
        self.md5OfMessageAttributes = md5OfMessageAttributes
        self.attributes = attributes
        self.messageAttributes = messageAttributes
    }
}

public struct ReceiveMessageResult: Sendable {
    public var messages: [SQSMessage]
    /// For a long poll that found nothing: when the caller should poll again (the end of its wait, or earlier
    /// if a stored message becomes visible first). Long polling on simulated time is a wake-up instant, not a
    /// wait. Nil when messages were returned or for a short poll.
    public var wakeAt: Instant?
    /// For a long poll that found nothing: when its wait (`WaitTimeSeconds`) ends. `wakeAt` may come earlier,
    /// as a hint to look again; the poll is over only at this instant.
    public var waitEndsAt: Instant?

    public init(messages: [SQSMessage], wakeAt: Instant?, waitEndsAt: Instant? = nil) {
        self.messages = messages
        self.wakeAt = wakeAt
        self.waitEndsAt = waitEndsAt ?? wakeAt
    }
}

public struct DeleteMessageBatchRequestEntry: Sendable {
    public var id: String
    public var receiptHandle: String

    public init(id: String, receiptHandle: String) {
        self.id = id
        self.receiptHandle = receiptHandle
    }
}

public struct ChangeMessageVisibilityBatchRequestEntry: Sendable {
    public var id: String
    public var receiptHandle: String
    public var visibilityTimeout: Int

    public init(id: String, receiptHandle: String, visibilityTimeout: Int) {
        self.id = id
        self.receiptHandle = receiptHandle
        self.visibilityTimeout = visibilityTimeout
    }
}

/// The result of a batch delete or visibility change: ids that succeeded, entries that failed.
public struct BatchResult: Sendable {
    public var successful: [String]
    public var failed: [BatchResultErrorEntry]

    public init(successful: [String], failed: [BatchResultErrorEntry]) {
        self.successful = successful
        self.failed = failed
    }
}
