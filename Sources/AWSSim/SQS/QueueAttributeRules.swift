import AWSPorts

/// What each queue attribute accepts, as the AWS API reference states it.
enum QueueAttributeRules {
    static let defaults: [String: String] = [
        "VisibilityTimeout": "30", "DelaySeconds": "0", "MaximumMessageSize": "1048576",
        "MessageRetentionPeriod": "345600", "ReceiveMessageWaitTimeSeconds": "0",
    ]

    static let integerRanges: [String: ClosedRange<Int>] = [
        "VisibilityTimeout": 0...43_200, "DelaySeconds": 0...900, "MaximumMessageSize": 1024...1_048_576,
        "MessageRetentionPeriod": 60...1_209_600, "ReceiveMessageWaitTimeSeconds": 0...20,
        "KmsDataKeyReusePeriodSeconds": 60...86_400,
    ]

    /// Attributes stored and returned but without behaviour in the simulation.
    static let passThrough: Set<String> = [
        "Policy", "KmsMasterKeyId", "KmsDataKeyReusePeriodSeconds", "SqsManagedSseEnabled", "RedriveAllowPolicy",
        "DeduplicationScope", "FifoThroughputLimit",
    ]

    static let fifoOnly: Set<String> = ["ContentBasedDeduplication", "DeduplicationScope", "FifoThroughputLimit"]

    /// Names `GetQueueAttributes` knows (besides `All`).
    static let readable: Set<String> = [
        "All", "VisibilityTimeout", "DelaySeconds", "MaximumMessageSize", "MessageRetentionPeriod",
        "ReceiveMessageWaitTimeSeconds", "RedrivePolicy", "FifoQueue", "ContentBasedDeduplication", "QueueArn",
        "ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible", "ApproximateNumberOfMessagesDelayed",
        "CreatedTimestamp", "LastModifiedTimestamp", "Policy", "KmsMasterKeyId", "KmsDataKeyReusePeriodSeconds",
        "SqsManagedSseEnabled", "RedriveAllowPolicy", "DeduplicationScope", "FifoThroughputLimit",
    ]

    /// Validates one attribute for create (`creating`) or set. Returns the normalised value.
    static func validate(name: String, value: String, isFifo: Bool, creating: Bool) throws(AWSError) -> String {
        if let range = integerRanges[name] {
            guard let number = Int(value), range.contains(number) else {
                throw SQSErrors.invalidAttributeValue(name)
            }
            return String(number)
        }
        switch name {
        case "FifoQueue":
            guard creating else { throw SQSErrors.invalidAttributeName(name) }
            guard value == "true" || value == "false" else { throw SQSErrors.invalidAttributeValue(name) }
            return value
        case "ContentBasedDeduplication", "SqsManagedSseEnabled":
            guard value == "true" || value == "false" else { throw SQSErrors.invalidAttributeValue(name) }
            if fifoOnly.contains(name) && !isFifo { throw SQSErrors.invalidAttributeName(name) }
            return value
        case "DeduplicationScope":
            guard isFifo else { throw SQSErrors.invalidAttributeName(name) }
            guard value == "messageGroup" || value == "queue" else { throw SQSErrors.invalidAttributeValue(name) }
            return value
        case "FifoThroughputLimit":
            guard isFifo else { throw SQSErrors.invalidAttributeName(name) }
            guard value == "perQueue" || value == "perMessageGroupId" else {
                throw SQSErrors.invalidAttributeValue(name)
            }
            return value
        case "RedrivePolicy", "Policy", "KmsMasterKeyId", "RedriveAllowPolicy":
            return value
        default:
            throw SQSErrors.invalidAttributeName(name)
        }
    }

    /// `^[A-Za-z0-9_-]{1,80}$`, with a `.fifo` suffix counted in the 80 for FIFO queues.
    static func validateQueueName(_ name: String, isFifo: Bool) throws(AWSError) {
        let base = isFifo ? String(name.dropLast(5)) : name
        let allowed = !base.isEmpty && name.utf8.count <= 80
            && base.utf8.allSatisfy { isASCIIAlphanumeric($0) || $0 == 45 || $0 == 95 }
        if isFifo {
            guard name.hasSuffix(".fifo"), allowed else {
                throw SQSErrors.invalidParameterValue(
                    "The name of a FIFO queue can only include alphanumeric characters, hyphens, or underscores, must end with .fifo suffix and be 1 to 80 in length.")
            }
        } else {
            guard allowed else {
                throw SQSErrors.invalidParameterValue(
                    "Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length")
            }
        }
    }
}

@inline(__always)
func isASCIIAlphanumeric(_ byte: UInt8) -> Bool {
    (48...57).contains(byte) || (65...90).contains(byte) || (97...122).contains(byte)
}
