import AWSPorts

/// The errors the wire front itself raises, before a request reaches a service: in each service's own words.
enum WireErrors {
    static func serialization(_ detail: String, service: AWSServiceName) -> AWSError {
        switch service {
        case .sqs:
            AWSError(code: "InvalidParameterValue", message: "Malformed request: \(detail)", queryErrorCode: "InvalidParameterValue")
        default:
            AWSError(code: "SerializationException", message: "Malformed request: \(detail)")
        }
    }

    static func missing(_ member: String, service: AWSServiceName) -> AWSError {
        switch service {
        case .sqs:
            AWSError(code: "MissingParameter", message: "The request must contain the parameter \(member).", queryErrorCode: "MissingParameter")
        case .dynamodb:
            AWSError(code: "ValidationException", message: "1 validation error detected: Value null at '\(lowerFirst(member))' failed to satisfy constraint: Member must not be null")
        case .ecs:
            AWSError(code: "InvalidParameterException", message: "\(member) can not be blank.")
        default:
            AWSError(code: "InvalidParameterException", message: "1 validation error detected: Value null at '\(lowerFirst(member))' failed to satisfy constraint: Member must not be null")
        }
    }

    static func wrongType(_ member: String, expected: String, service: AWSServiceName) -> AWSError {
        switch service {
        case .sqs:
            AWSError(code: "InvalidParameterValue", message: "Value for parameter \(member) is invalid. Reason: must be \(expected).", queryErrorCode: "InvalidParameterValue")
        default:
            AWSError(code: "SerializationException", message: "\(member) must be \(expected)")
        }
    }

    static func invalidValue(_ member: String, _ reason: String, service: AWSServiceName) -> AWSError {
        switch service {
        case .sqs:
            AWSError(code: "InvalidParameterValue", message: "Value for parameter \(member) is invalid. Reason: \(reason).", queryErrorCode: "InvalidParameterValue")
        case .dynamodb:
            AWSError(code: "ValidationException", message: "1 validation error detected: Value at '\(lowerFirst(member))' failed to satisfy constraint: \(reason)")
        default:
            AWSError(code: "InvalidParameterException", message: "\(member): \(reason)")
        }
    }

    static func unknownOperation(_ operation: String, service: AWSServiceName) -> AWSError {
        switch service {
        case .sqs:
            AWSError(code: "InvalidAction", message: "The action \(operation) is not valid for this endpoint.", queryErrorCode: "InvalidAction")
        default:
            AWSError(code: "UnknownOperationException", message: "Unknown operation \(operation) (wsim serves the operations listed in its README).")
        }
    }

    static func lowerFirst(_ text: String) -> String { text.prefix(1).lowercased() + text.dropFirst() }
}
