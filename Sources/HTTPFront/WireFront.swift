import AWSPorts
import AWSSim
import Foundation
import SimKernel

/// The AWS wire protocols in front of the simulated services: decodes a request into the values the
/// services take, calls them, and encodes their answers and `AWSError`s in the protocol's shapes. No
/// behaviour lives here that the in-process services lack; bad input of any kind becomes an AWS-shaped 4xx.
struct WireFront {
    /// Request bodies above this are refused with 413 before they are read further (DynamoDB's own limit).
    static let maximumBodyBytes = 16 * 1024 * 1024

    /// The caller name of every wire request: fault plans' default `from: containers` covers it, since wire
    /// clients stand in for the edit containers.
    static let caller = "wire client"

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
