import AWSPorts

/// DynamoDB errors with the codes and messages DynamoDB returns.
enum DynamoDBErrors {
    static func validation(_ message: String) -> AWSError {
        AWSError(code: "ValidationException", message: message)
    }

    static func resourceNotFound(_ table: String? = nil) -> AWSError {
        AWSError(
            code: "ResourceNotFoundException",
            message: table.map { "Requested resource not found: Table: \($0) not found" } ?? "Requested resource not found")
    }

    static func resourceInUse(_ table: String) -> AWSError {
        AWSError(code: "ResourceInUseException", message: "Table already exists: \(table)")
    }

    static func conditionalCheckFailed(item: DynamoDBItem?) -> AWSError {
        AWSError(code: "ConditionalCheckFailedException", message: "The conditional request failed", item: item)
    }

    static func keyDoesNotMatchSchema() -> AWSError {
        validation("The provided key element does not match the schema")
    }

    static func invalidParameter(_ detail: String) -> AWSError {
        validation("One or more parameter values were invalid: \(detail)")
    }
}

/// An error in an expression, reported as DynamoDB does: "Invalid {kind}: {detail}".
struct ExpressionError: Error {
    let detail: String

    func awsError(_ kind: ExpressionKind) -> AWSError {
        DynamoDBErrors.validation("Invalid \(kind.rawValue): \(detail)")
    }
}

enum ExpressionKind: String {
    case condition = "ConditionExpression"
    case keyCondition = "KeyConditionExpression"
    case filter = "FilterExpression"
    case update = "UpdateExpression"
    case projection = "ProjectionExpression"
}
