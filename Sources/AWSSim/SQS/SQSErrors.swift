import AWSPorts

/// SQS errors with the codes, messages and statuses AWS returns. `code` is the modeled exception name (the
/// exception class clients match); `queryErrorCode` is the legacy code botocore reads from the
/// `x-amzn-query-error` header (see reference/aws-wire.md, section 2.1).
enum SQSErrors {
    static func queueDoesNotExist() -> AWSError {
        AWSError(
            code: "QueueDoesNotExist", message: "The specified queue does not exist.",
            queryErrorCode: "AWS.SimpleQueueService.NonExistentQueue")
    }

    static func queueNameExists(_ attribute: String) -> AWSError {
        AWSError(
            code: "QueueNameExists",
            message: "A queue already exists with the same name and a different value for attribute \(attribute)",
            queryErrorCode: "QueueAlreadyExists")
    }

    static func queueDeletedRecently() -> AWSError {
        AWSError(
            code: "QueueDeletedRecently",
            message: "You must wait 60 seconds after deleting a queue before you can create another with the same name.",
            queryErrorCode: "AWS.SimpleQueueService.QueueDeletedRecently")
    }

    static func purgeQueueInProgress(_ queueName: String) -> AWSError {
        AWSError(
            code: "PurgeQueueInProgress",
            message: "Only one PurgeQueue operation on \(queueName) is allowed every 60 seconds.", httpStatus: 403,
            queryErrorCode: "AWS.SimpleQueueService.PurgeQueueInProgress")
    }

    static func receiptHandleIsInvalid(_ handle: String) -> AWSError {
        AWSError(
            code: "ReceiptHandleIsInvalid", message: "The input receipt handle \"\(handle)\" is not a valid receipt handle.",
            queryErrorCode: "ReceiptHandleIsInvalid")
    }

    static func messageNotInflight() -> AWSError {
        AWSError(
            code: "MessageNotInflight", message: "The message referred to isn't in flight.",
            queryErrorCode: "AWS.SimpleQueueService.MessageNotInflight")
    }

    /// Unmodeled in the JSON protocol (`InvalidParameterValueException`); clients see `InvalidParameterValue`.
    static func invalidParameterValue(_ message: String) -> AWSError {
        AWSError(code: "InvalidParameterValue", message: message, queryErrorCode: "InvalidParameterValue")
    }

    static func invalidParameter(_ name: String, value: String, reason: String) -> AWSError {
        invalidParameterValue("Value \(value) for parameter \(name) is invalid. Reason: \(reason)")
    }

    static func missingParameter(_ name: String) -> AWSError {
        AWSError(
            code: "MissingParameter", message: "The request must contain the parameter \(name).",
            queryErrorCode: "MissingParameter")
    }

    static func invalidAttributeName(_ name: String) -> AWSError {
        AWSError(code: "InvalidAttributeName", message: "Unknown Attribute \(name).", queryErrorCode: "InvalidAttributeName")
    }

    static func invalidAttributeValue(_ name: String, reason: String? = nil) -> AWSError {
        AWSError(
            code: "InvalidAttributeValue",
            message: "Invalid value for the parameter \(name)." + (reason.map { " Reason: \($0)" } ?? ""),
            queryErrorCode: "InvalidAttributeValue")
    }

    static func invalidMessageContents() -> AWSError {
        AWSError(
            code: "InvalidMessageContents",
            message: "Invalid characters found. Valid unicode characters are #x9 | #xA | #xD | #x20 to #xD7FF | #xE000 to #xFFFD | #x10000 to #x10FFFF",
            queryErrorCode: "InvalidMessageContents")
    }

    static func emptyBatchRequest(_ entryName: String) -> AWSError {
        AWSError(
            code: "EmptyBatchRequest", message: "There should be at least one \(entryName) in the request.",
            queryErrorCode: "AWS.SimpleQueueService.EmptyBatchRequest")
    }

    static func tooManyEntriesInBatchRequest(_ count: Int) -> AWSError {
        AWSError(
            code: "TooManyEntriesInBatchRequest",
            message: "Maximum number of entries per request are 10. You have sent \(count).",
            queryErrorCode: "AWS.SimpleQueueService.TooManyEntriesInBatchRequest")
    }

    static func batchEntryIdsNotDistinct(_ id: String) -> AWSError {
        AWSError(
            code: "BatchEntryIdsNotDistinct", message: "Id \(id) repeated.",
            queryErrorCode: "AWS.SimpleQueueService.BatchEntryIdsNotDistinct")
    }

    static func invalidBatchEntryId() -> AWSError {
        AWSError(
            code: "InvalidBatchEntryId",
            message: "A batch entry id can only contain alphanumeric characters, hyphens and underscores. It can be at most 80 letters long.",
            queryErrorCode: "AWS.SimpleQueueService.InvalidBatchEntryId")
    }

    static func batchRequestTooLong(_ size: Int, limit: Int) -> AWSError {
        AWSError(
            code: "BatchRequestTooLong",
            message: "Batch requests cannot be longer than \(limit) bytes. You have sent \(size) bytes.",
            queryErrorCode: "AWS.SimpleQueueService.BatchRequestTooLong")
    }
}
