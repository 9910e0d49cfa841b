import AWSPorts

/// Which service and protocol a request is for, decided as AWS's own front ends do: the `X-Amz-Target`
/// prefix first, then the Host (an S3 website or a virtual-hosted bucket), then a form body's `Action`
/// (SQS's query protocol, also when posted to a queue URL), then the SigV4 credential scope's service, and
/// S3 path style last.
enum WireRoute: Equatable {
    case admin(path: String)
    case json(service: AWSServiceName, operation: String)
    case sqsQuery
    /// S3's REST protocol: no bucket (ListBuckets), a bucket, or an object.
    case s3(bucket: String?, key: String?)
    /// A bucket's website endpoint (GET and HEAD only).
    case website(bucket: String, region: String?)
    /// A Host that may name a bucket with website hosting (`edit.amelia.webordinary.com`): its website when the
    /// bucket exists, S3 path style otherwise.
    case bucketHost(bucket: String, bucketPath: S3Path)
    /// A JSON target of a service wsim does not serve.
    case unknownTarget(String)
    /// A service wsim does not serve: the reason, for the error.
    case unsupported(String)

    static let targetPrefixes: [String: AWSServiceName] = [
        "AmazonSQS": .sqs, "DynamoDB_20120810": .dynamodb, "Logs_20140328": .logs, "AmazonEC2ContainerServiceV20141113": .ecs,
    ]

    static func of(_ request: WireRequest, scope: SigV4Scope?) -> WireRoute {
        let host = S3Host.parse(request.header("host"))
        // The admin API is the server's own: not a key of a bucket addressed by its Host.
        if request.path == "/_wsim" || request.path.hasPrefix("/_wsim/"), host == .plain || host.isNamed {
            return .admin(path: String(request.path.dropFirst("/_wsim".count)))
        }
        if let target = request.header("x-amz-target") {
            let parts = target.split(separator: ".", maxSplits: 1)
            guard parts.count == 2, let service = targetPrefixes[String(parts[0])] else { return .unknownTarget(target) }
            return .json(service: service, operation: String(parts[1]))
        }
        // A Host naming a bucket is S3's, unless the request is signed for another service.
        if scope == nil || scope?.service == "s3" {
            switch host {
            case .website(let bucket, let region): return .website(bucket: bucket, region: region)
            case .virtualHosted(let bucket):
                let key = String(request.path.dropFirst())
                return .s3(bucket: bucket, key: key.isEmpty ? nil : key)
            case .named, .plain: break
            }
        }
        let isForm = request.header("content-type")?.lowercased().hasPrefix("application/x-www-form-urlencoded") ?? false
        let hasAction = request.queryValue("Action") != nil || (isForm && request.method == "POST")
        if hasAction && scope?.service != "s3" {
            switch scope?.service {
            case nil, "sqs"?: return .sqsQuery
            case let other?: return .unsupported("wsim serve does not serve the AWS service '\(other)' (it serves sqs, s3, dynamodb, logs and ecs)")
            }
        }
        if let service = scope?.service, service != "s3" {
            return .unsupported("a \(service) request needs an X-Amz-Target header (the AWS JSON protocol)")
        }
        let path = S3Path(request.path)
        if case .named(let name) = host, scope == nil { return .bucketHost(bucket: name, bucketPath: path) }
        return .s3(bucket: path.bucket, key: path.key)
    }
}

/// A path-style S3 path: `/bucket/key`, `/bucket`, or `/`.
struct S3Path: Equatable {
    var bucket: String?
    var key: String?

    init(_ path: String) {
        let trimmed = path.dropFirst(path.hasPrefix("/") ? 1 : 0)
        guard !trimmed.isEmpty else { return }
        guard let slash = trimmed.firstIndex(of: "/") else {
            bucket = String(trimmed)
            return
        }
        bucket = String(trimmed[..<slash])
        let rest = trimmed[trimmed.index(after: slash)...]
        key = rest.isEmpty ? nil : String(rest)
    }
}

/// What the Host header says about S3: a website endpoint (`<bucket>.s3-website.localhost`,
/// `<bucket>.s3-website-<region>.amazonaws.com`), a virtual-hosted bucket (`<bucket>.s3.localhost`,
/// `<bucket>.localhost`, `<bucket>.s3.<region>.amazonaws.com`), a name that may be a bucket's own
/// (`edit.amelia.webordinary.com`), or the server's address.
enum S3Host: Equatable {
    case website(bucket: String, region: String?)
    case virtualHosted(bucket: String)
    case named(String)
    case plain

    var isNamed: Bool {
        if case .named = self { return true }
        return false
    }

    static func parse(_ header: String?) -> S3Host {
        guard var host = header?.lowercased(), !host.isEmpty else { return .plain }
        if host.hasPrefix("[") { return .plain }  // an IPv6 literal
        if let colon = host.lastIndex(of: ":") { host = String(host[..<colon]) }
        if host.hasSuffix(".") { host.removeLast() }
        if host.allSatisfy({ $0.isNumber || $0 == "." }) || host == "localhost" { return .plain }
        if let range = host.range(of: ".s3-website") {
            let bucket = String(host[..<range.lowerBound])
            let rest = host[range.upperBound...]
            var region: String?
            // `.s3-website-us-west-2.amazonaws.com` or `.s3-website.us-west-2.amazonaws.com`.
            let afterMarker = rest.drop { $0 == "-" || $0 == "." }
            if let candidate = afterMarker.split(separator: ".").first, ServedAccount.isRegionName(String(candidate)) {
                region = String(candidate)
            }
            return bucket.isEmpty ? .plain : .website(bucket: bucket, region: region)
        }
        for suffix in [".s3.localhost.localstack.cloud", ".s3.localhost", ".s3.amazonaws.com"] where host.hasSuffix(suffix) {
            return .virtualHosted(bucket: String(host.dropLast(suffix.count)))
        }
        if let range = host.range(of: ".s3."), host.hasSuffix(".amazonaws.com") {
            return .virtualHosted(bucket: String(host[..<range.lowerBound]))
        }
        if host.hasPrefix("s3.") || host.hasPrefix("s3-") { return .plain }
        if host.hasSuffix(".localhost") { return .virtualHosted(bucket: String(host.dropLast(".localhost".count))) }
        return .named(host)
    }
}
