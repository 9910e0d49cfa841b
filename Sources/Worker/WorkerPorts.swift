import AWSPorts

/// What the worker needs from the world.
public struct WorkerPorts {
    public var sqs: any SQSAPI
    public var s3: any S3API
    public var dynamodb: any DynamoDBAPI
    public var repositories: any WorkspaceRepositories
    public var assistant: any Assistant
    public var builder: any SiteBuilder
    public var sites: any SiteDirectory
    public var timing: any OperationTiming
    /// Where previews are served and live reload announced; nil for a container without a preview server.
    public var previews: (any PreviewPublisher)?

    public init(
        sqs: any SQSAPI, s3: any S3API, dynamodb: any DynamoDBAPI, repositories: any WorkspaceRepositories,
        assistant: any Assistant, builder: any SiteBuilder, sites: any SiteDirectory, timing: any OperationTiming,
        previews: (any PreviewPublisher)? = nil
    ) {
        self.sqs = sqs
        self.s3 = s3
        self.dynamodb = dynamodb
        self.repositories = repositories
        self.assistant = assistant
        self.builder = builder
        self.sites = sites
        self.timing = timing
        self.previews = previews
    }
}
