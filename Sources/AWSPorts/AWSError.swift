/// An error as an AWS service returns it: the error code clients match on, the message, the HTTP status.
///
/// Simulated services throw only this type, so a caller written against them handles exactly what it would
/// handle against AWS.
public struct AWSError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The modeled error code (`QueueDoesNotExist`, `NoSuchKey`, `ConditionalCheckFailedException`, ...).
    public var code: String
    public var message: String
    public var httpStatus: Int
    /// True when the caller's request caused the error (AWS "Sender" / client fault).
    public var isSenderFault: Bool
    /// SQS only: the legacy query-protocol code botocore reads from `x-amzn-query-error`
    /// (e.g. `AWS.SimpleQueueService.NonExistentQueue` for `QueueDoesNotExist`).
    public var queryErrorCode: String?
    /// The request id of the failed call, when a service assigned one.
    public var requestId: String?
    /// Extra fields some errors carry (S3: `Key`, `BucketName`). Written sorted by name.
    public var fields: [String: String]
    /// DynamoDB only: the item returned with `ReturnValuesOnConditionCheckFailure=ALL_OLD`.
    public var item: [String: AttributeValue]?

    public init(
        code: String, message: String, httpStatus: Int = 400, isSenderFault: Bool? = nil,
        queryErrorCode: String? = nil, fields: [String: String] = [:], item: [String: AttributeValue]? = nil
    ) {
        self.code = code
        self.message = message
        self.httpStatus = httpStatus
        self.isSenderFault = isSenderFault ?? (httpStatus < 500)
        self.queryErrorCode = queryErrorCode
        self.requestId = nil
        self.fields = fields
        self.item = item
    }

    public var description: String { "\(code) (HTTP \(httpStatus)): \(message)" }

    /// A failure inside the simulated service itself (the database refused a write): AWS's 500.
    public static func internalFailure(_ detail: String, service: AWSServiceName) -> AWSError {
        switch service {
        case .s3:
            AWSError(code: "InternalError", message: "We encountered an internal error. \(detail)", httpStatus: 500)
        case .dynamodb:
            AWSError(code: "InternalServerError", message: "Internal server error: \(detail)", httpStatus: 500)
        case .sqs:
            AWSError(
                code: "InternalError", message: "An internal error occurred: \(detail)", httpStatus: 500,
                queryErrorCode: "InternalError")
        case .logs:
            AWSError(code: "ServiceUnavailableException", message: detail, httpStatus: 500)
        case .ecs:
            AWSError(code: "ServerException", message: detail, httpStatus: 500)
        case .elb:
            AWSError(code: "InternalFailure", message: detail, httpStatus: 500)
        }
    }
}

/// The simulated services, by the name their fault plans and event log use.
public enum AWSServiceName: String, CaseIterable, Sendable, Comparable {
    case sqs, s3, dynamodb, logs, ecs, elb

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}
