import AWSPorts

/// The AWS SDKs' standard retry mode: throttling and server errors are tried up to three times in all. The
/// backoff between attempts is not modelled: a step's calls happen at one simulated instant.
enum AWSRetry {
    static let attempts = 3
    static let throttlingCodes: Set<String> = [
        "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException", "TooManyRequestsException",
        "ProvisionedThroughputExceededException", "TransactionInProgressException", "RequestLimitExceeded",
        "SlowDown", "RequestThrottled", "PriorRequestNotComplete", "EC2ThrottledException",
    ]

    static func isRetryable(_ error: AWSError) -> Bool {
        error.httpStatus >= 500 || throttlingCodes.contains(error.code)
    }

    static func call<T>(_ body: () throws(AWSError) -> T) throws(AWSError) -> T {
        var attempt = 1
        while true {
            do {
                return try body()
            } catch where attempt < attempts && isRetryable(error) {
                attempt += 1
            }
        }
    }
}
