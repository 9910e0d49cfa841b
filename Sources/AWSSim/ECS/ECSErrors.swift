import AWSPorts

enum ECSErrors {
    static func clusterNotFound() -> AWSError {
        AWSError(code: "ClusterNotFoundException", message: "Cluster not found.")
    }

    static func serviceNotFound() -> AWSError {
        AWSError(code: "ServiceNotFoundException", message: "Service not found.")
    }

    static func serviceNotActive() -> AWSError {
        AWSError(code: "ServiceNotActiveException", message: "Service was not ACTIVE.")
    }

    static func invalidParameter(_ message: String) -> AWSError {
        AWSError(code: "InvalidParameterException", message: message)
    }

    static func client(_ message: String) -> AWSError {
        AWSError(code: "ClientException", message: message)
    }
}
