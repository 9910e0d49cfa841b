import AWSPorts
import AWSSim
import Foundation
import SimKernel
import Simulation

/// The AWS wire protocols in front of the simulated services: decodes a request into the values the
/// services take, calls them, and encodes their answers and `AWSError`s in the protocol's shapes. No
/// behaviour lives here that the in-process services lack; bad input of any kind becomes an AWS-shaped 4xx.
struct WireFront {
    /// Request bodies above this are refused with 413 before they are read further (DynamoDB's own limit).
    static let maximumBodyBytes = 16 * 1024 * 1024
    /// The limit for requests without `X-Amz-Target` (S3 uploads, SQS's query protocol).
    static let maximumUploadBytes = 128 * 1024 * 1024

    /// The caller name of every wire request: fault plans' default `from: containers` covers it, since wire
    /// clients stand in for the edit containers.
    static let caller = Caller.wireClient.name

    let account: ServedAccount
    /// The base URL clients reach the server by (`http://127.0.0.1:4566`).
    let endpoint: String

    func handle(_ request: WireRequest, requestId: String) -> WireOutcome {
        let scope = SigV4Scope(authorization: request.header("authorization"), presignedCredential: request.queryValue("X-Amz-Credential"))
        let region = scope?.region ?? ServedAccount.homeRegion
        switch WireRoute.of(request, scope: scope) {
        case .admin:
            return .answer(.text(404, "admin requests are handled by the host\n"))
        case .json(let service, let operation):
            let contentType = service == .sqs || service == .dynamodb ? "application/x-amz-json-1.0" : "application/x-amz-json-1.1"
            do throws(AWSError) {
                let context = try self.context(region: region, requestId: requestId, host: request.header("host"))
                let body = try Self.jsonBody(request, service: service)
                return try context.aws.latency.withCaller(Self.caller) { () throws(AWSError) -> WireOutcome in
                    switch service {
                    case .sqs: return try SQSJSONHandler.handle(operation, body: body, context)
                    case .dynamodb: return try DynamoDBHandler.handle(operation, body: body, context)
                    case .logs: return try LogsHandler.handle(operation, body: body, context)
                    case .ecs: return try ECSHandler.handle(operation, body: body, context)
                    case .s3, .elb: throw WireErrors.unknownOperation(operation, service: service)
                    }
                }
            } catch {
                return .answer(ErrorEncoding.json(error, service: service, contentType: contentType, requestId: requestId))
            }
        case .sqsQuery:
            do throws(AWSError) {
                let context = try self.context(region: region, requestId: requestId, host: request.header("host"))
                var pairs = request.query
                if request.method == "POST" {
                    guard let text = String(bytes: request.body, encoding: .utf8) else {
                        throw WireErrors.serialization("the form body is not UTF-8", service: .sqs)
                    }
                    pairs += FormBody.decode(text)
                }
                return try context.aws.latency.withCaller(Self.caller) { () throws(AWSError) -> WireOutcome in
                    try SQSQueryHandler.handle(pairs, queuePath: request.path == "/" ? nil : request.path, context)
                }
            } catch {
                return .answer(ErrorEncoding.queryXML(error, requestId: requestId))
            }
        case .s3(let bucket, let key):
            return s3(request, bucket: bucket, key: key, region: account.region(ofBucket: bucket, fallback: region), requestId: requestId)
        case .website(let bucket, let hostRegion):
            return website(request, bucket: bucket, region: hostRegion ?? account.region(ofBucket: bucket, fallback: region), requestId: requestId)
        case .bucketHost(let bucket, let path):
            // A Host that names an existing bucket is that bucket's website, as with a CNAME to S3.
            let bucketRegion = account.region(ofBucket: bucket, fallback: "")
            if !bucketRegion.isEmpty { return website(request, bucket: bucket, region: bucketRegion, requestId: requestId) }
            return s3(request, bucket: path.bucket, key: path.key, region: account.region(ofBucket: path.bucket, fallback: region), requestId: requestId)
        case .unknownTarget(let target):
            let error = AWSError(code: "UnknownOperationException", message: "Unknown X-Amz-Target \(target); wsim serves AmazonSQS, DynamoDB_20120810, Logs_20140328 and AmazonEC2ContainerServiceV20141113")
            return .answer(ErrorEncoding.json(error, service: .logs, contentType: "application/x-amz-json-1.1", requestId: requestId))
        case .unsupported(let reason):
            var xml = XMLText()
            xml.open("Error")
            xml.element("Code", "NotImplemented")
            xml.element("Message", reason)
            xml.element("RequestId", requestId)
            xml.close("Error")
            return .answer(WireResponse(status: 501, headers: [("Content-Type", "application/xml"), ("x-amzn-RequestId", requestId)], body: Data(xml.text.utf8)))
        }
    }

    private func s3(_ request: WireRequest, bucket: String?, key: String?, region: String, requestId: String) -> WireOutcome {
        do throws(AWSError) {
            var context = try self.context(region: region, requestId: requestId, host: request.header("host"))
            context.everyRegion = account.everyRegion
            return .answer(context.aws.latency.withCaller(Self.caller) { S3Handler.handle(request, bucket: bucket, key: key, context) })
        } catch {
            return .answer(S3Answers.error(error, requestId: requestId, head: request.method == "HEAD"))
        }
    }

    /// The S3 website endpoint: index and error documents, redirects, S3's HTML error pages.
    private func website(_ request: WireRequest, bucket: String, region: String, requestId: String) -> WireOutcome {
        guard request.method == "GET" || request.method == "HEAD" else {
            return .answer(WireResponse(
                status: 405, headers: [("Content-Type", "text/html; charset=utf-8"), ("Allow", "GET, HEAD")],
                body: Data("<html><head><title>405 Method Not Allowed</title></head><body><h1>405 Method Not Allowed</h1><ul><li>Code: MethodNotAllowed</li><li>Method: \(XMLText.escape(request.method))</li></ul></body></html>\n".utf8)))
        }
        do throws(AWSError) {
            let context = try self.context(region: region, requestId: requestId, host: request.header("host"))
            let answer = try context.aws.latency.withCaller(Self.caller) { () throws(AWSError) in
                try context.aws.s3.websiteRequest(bucket: bucket, path: request.rawPath, head: request.method == "HEAD")
            }
            var headers: [(name: String, value: String)] = [("x-amz-request-id", requestId)]
            for name in answer.headers.keys.sorted() { headers.append((name, answer.headers[name]!)) }
            return .answer(WireResponse(status: answer.status, headers: headers, body: answer.body))
        } catch {
            return .answer(WireResponse(status: error.httpStatus, headers: [("Content-Type", "text/plain; charset=utf-8")], body: Data("\(error.code): \(error.message)\n".utf8)))
        }
    }

    private func context(region: String, requestId: String, host: String?) throws(AWSError) -> WireContext {
        // Queue URLs point back at the address the client used, as moto's do.
        let base = host.map { "http://\($0)" } ?? endpoint
        do {
            return WireContext(aws: try account.aws(region: region), endpoint: base, requestId: requestId)
        } catch let error as AWSError {
            throw error
        } catch {
            throw AWSError.internalFailure("the region's database could not be opened: \(error)", service: .sqs)
        }
    }

    /// The JSON body: `{}` when empty; not UTF-8 or not JSON is the protocol's serialization error.
    static func jsonBody(_ request: WireRequest, service: AWSServiceName) throws(AWSError) -> JSONValue {
        if let type = request.header("content-type")?.lowercased(),
           !(type.hasPrefix("application/x-amz-json") || type.hasPrefix("application/json")) {
            throw AWSError(code: "UnsupportedMediaTypeException", message: "Content-Type \(type) is not accepted; send application/x-amz-json-1.0 or 1.1", httpStatus: 415)
        }
        if request.body.isEmpty { return .object([:]) }
        guard let text = String(bytes: request.body, encoding: .utf8) else {
            throw WireErrors.serialization("the body is not UTF-8", service: service)
        }
        do {
            return try JSONValue.parse(text)
        } catch {
            throw WireErrors.serialization(error.description, service: service)
        }
    }
}
