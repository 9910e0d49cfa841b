import AWSPorts

/// Which service and protocol a request is for, decided as AWS's own front ends do: the `X-Amz-Target`
/// prefix first, then a form body's `Action` (SQS's query protocol, also when posted to a queue URL), then
/// the SigV4 credential scope's service.
enum WireRoute: Equatable {
    case admin(path: String)
    case json(service: AWSServiceName, operation: String)
    case sqsQuery
    /// A JSON target of a service wsim does not serve.
    case unknownTarget(String)
    /// Something else (S3 REST and the website come in part 2): the reason, for the error.
    case unsupported(String)

    static let targetPrefixes: [String: AWSServiceName] = [
        "AmazonSQS": .sqs, "DynamoDB_20120810": .dynamodb, "Logs_20140328": .logs, "AmazonEC2ContainerServiceV20141113": .ecs,
    ]

    static func of(_ request: WireRequest, scope: SigV4Scope?) -> WireRoute {
        if request.path == "/_wsim" || request.path.hasPrefix("/_wsim/") {
            return .admin(path: String(request.path.dropFirst("/_wsim".count)))
        }
        if let target = request.header("x-amz-target") {
            let parts = target.split(separator: ".", maxSplits: 1)
            guard parts.count == 2, let service = targetPrefixes[String(parts[0])] else { return .unknownTarget(target) }
            return .json(service: service, operation: String(parts[1]))
        }
        let isForm = request.header("content-type")?.lowercased().hasPrefix("application/x-www-form-urlencoded") ?? false
        let hasAction = request.queryValue("Action") != nil || (isForm && request.method == "POST")
        if hasAction {
            switch scope?.service {
            case nil, "sqs"?: return .sqsQuery
            case let other?: return .unsupported("wsim serve does not serve the AWS service '\(other)' (it serves sqs, dynamodb, logs and ecs)")
            }
        }
        if let service = scope?.service, service != "s3" {
            return .unsupported("a \(service) request needs an X-Amz-Target header (the AWS JSON protocol)")
        }
        return .unsupported("S3 and the S3 website are not served yet (wsim serve part 2); this server answers SQS, DynamoDB, CloudWatch Logs and ECS")
    }
}
