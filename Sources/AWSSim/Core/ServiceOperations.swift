import AWSPorts

/// Every operation each simulated service answers, by the name the fault seam and the event log use. Fault
/// plans are checked against it, so a misspelt operation is an error instead of a fault that never fires.
public enum ServiceOperations {
    public static let all: [AWSServiceName: [String]] = [
        .sqs: [
            "ChangeMessageVisibility", "ChangeMessageVisibilityBatch", "CreateQueue", "DeleteMessage", "DeleteMessageBatch",
            "DeleteQueue", "GetQueueAttributes", "GetQueueUrl", "ListQueues", "PurgeQueue", "ReceiveMessage", "SendMessage",
            "SendMessageBatch", "SetQueueAttributes",
        ],
        .s3: [
            "CopyObject", "CreateBucket", "DeleteBucket", "DeleteBucketWebsite", "DeleteObject", "DeleteObjects",
            "GetBucketWebsite", "GetObject", "HeadBucket", "HeadObject", "ListBuckets", "ListObjectsV2", "PutBucketWebsite",
            "PutObject", "WebsiteGet", "WebsiteHead",
        ],
        .dynamodb: [
            "CreateTable", "DeleteItem", "DeleteTable", "DescribeTable", "DescribeTimeToLive", "GetItem", "ListTables",
            "PutItem", "Query", "Scan", "UpdateItem", "UpdateTimeToLive",
        ],
        .logs: [
            "CreateLogGroup", "CreateLogStream", "DeleteLogGroup", "DescribeLogGroups", "DescribeLogStreams",
            "FilterLogEvents", "GetLogEvents", "PutLogEvents", "PutRetentionPolicy",
        ],
        .ecs: [
            "ContainerExited", "CreateCluster", "CreateService", "DeleteService", "DescribeClusters", "DescribeServices",
            "DescribeTasks", "ListTasks", "RegisterTaskDefinition", "RunTask", "StopTask", "UpdateService", "UpdateTaskProtection",
        ],
        .elb: ["Request"],
    ]

    /// Operations that take batch entries a fault can fail one by one.
    public static let batch: Set<String> = ["SendMessageBatch", "DeleteMessageBatch", "ChangeMessageVisibilityBatch", "DeleteObjects"]
}
