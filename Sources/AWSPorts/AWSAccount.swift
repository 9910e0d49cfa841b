/// The one simulated account and region every ARN and URL is built from.
public struct AWSAccount: Hashable, Sendable {
    public var accountId: String
    public var region: String

    public init(accountId: String, region: String) {
        self.accountId = accountId
        self.region = region
    }

    /// `123456789012` in `us-west-2`, the region of the real system.
    public static let `default` = AWSAccount(accountId: "123456789012", region: "us-west-2")

    public func sqsQueueURL(_ name: String) -> String {
        "https://sqs.\(region).amazonaws.com/\(accountId)/\(name)"
    }

    public func sqsQueueARN(_ name: String) -> String { "arn:aws:sqs:\(region):\(accountId):\(name)" }

    public func dynamoDBTableARN(_ name: String) -> String {
        "arn:aws:dynamodb:\(region):\(accountId):table/\(name)"
    }

    public func logGroupARN(_ name: String) -> String { "arn:aws:logs:\(region):\(accountId):log-group:\(name)" }

    public func ecsARN(_ resource: String) -> String { "arn:aws:ecs:\(region):\(accountId):\(resource)" }

    /// The S3 static-website host name of a bucket (dashed form, as AWS shows for us-west-2).
    public func s3WebsiteHost(_ bucket: String) -> String { "\(bucket).s3-website-\(region).amazonaws.com" }
}
