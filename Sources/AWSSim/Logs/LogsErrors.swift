import AWSPorts

enum LogsErrors {
    static func groupNotFound() -> AWSError {
        AWSError(code: "ResourceNotFoundException", message: "The specified log group does not exist.")
    }

    static func streamNotFound() -> AWSError {
        AWSError(code: "ResourceNotFoundException", message: "The specified log stream does not exist.")
    }

    static func groupExists() -> AWSError {
        AWSError(code: "ResourceAlreadyExistsException", message: "The specified log group already exists")
    }

    static func streamExists() -> AWSError {
        AWSError(code: "ResourceAlreadyExistsException", message: "The specified log stream already exists")
    }

    static func invalidParameter(_ message: String) -> AWSError {
        AWSError(code: "InvalidParameterException", message: message)
    }
}
