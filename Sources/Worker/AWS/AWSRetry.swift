import AWSPorts

/// The AWS SDKs' standard retry mode: a call that fails with a transient error, a throttling error or an HTTP
/// 500, 502, 503 or 504 is tried up to three times in all (botocore's `standard` mode, which the other SDKs
/// share). The backoff between attempts is not modelled: a step's calls happen at one simulated instant.
public enum AWSRetry {
    public static let attempts = 3
    static let transientCodes: Set<String> = ["RequestTimeout", "RequestTimeoutException", "PriorRequestNotComplete"]
    static let throttlingCodes: Set<String> = [
        "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException", "TooManyRequestsException",
        "ProvisionedThroughputExceededException", "TransactionInProgressException", "RequestLimitExceeded",
        "BandwidthLimitExceeded", "LimitExceededException", "RequestThrottled", "SlowDown", "EC2ThrottledException",
    ]
    static let retriedStatuses: Set<Int> = [500, 502, 503, 504]

    public static func isRetryable(_ error: AWSError) -> Bool {
        retriedStatuses.contains(error.httpStatus) || transientCodes.contains(error.code) || throttlingCodes.contains(error.code)
    }

    /// For per-entry errors of batch calls, which carry a code but no status.
    static func isRetryable(code: String) -> Bool {
        transientCodes.contains(code) || throttlingCodes.contains(code) || ["InternalError", "ServiceUnavailable"].contains(code)
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
