import Foundation
@testable import HTTPFront
import SimKernel

/// A served account in memory (or in a temp folder), driven by requests built as SDKs build them.
struct WireClient {
    let host: ServeHost
    var region = "us-east-1"

    static let projectRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func manual(folder: URL? = nil, world: ServedWorld = .empty, seed: UInt64 = 1) throws -> WireClient {
        WireClient(host: try ServeHost(ServeOptions(
            world: world, clock: .manual, seed: seed, folder: folder, projectRoot: projectRoot, endpoint: "http://127.0.0.1:4566")))
    }

    static func temporaryFolder() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("wsim-wire-\(UUID().uuidString)")
    }

    func authorization(_ service: String) -> String {
        "AWS4-HMAC-SHA256 Credential=test/20260101/\(region)/\(service)/aws4_request, SignedHeaders=host;x-amz-date, Signature=00"
    }

    /// An AWS JSON-protocol call (`X-Amz-Target`).
    func json(_ target: String, _ body: String, service: String, version: String = "1.0") async -> WireResponse {
        await host.handle(WireRequest(method: "POST", target: "/", headers: [
            "Content-Type": "application/x-amz-json-\(version)", "X-Amz-Target": target, "Host": "127.0.0.1:4566",
            "Authorization": authorization(service),
        ], body: Data(body.utf8)))
    }

    func sqs(_ operation: String, _ body: String) async -> WireResponse {
        await json("AmazonSQS.\(operation)", body, service: "sqs")
    }

    func dynamodb(_ operation: String, _ body: String) async -> WireResponse {
        await json("DynamoDB_20120810.\(operation)", body, service: "dynamodb")
    }

    func logs(_ operation: String, _ body: String) async -> WireResponse {
        await json("Logs_20140328.\(operation)", body, service: "logs", version: "1.1")
    }

    func ecs(_ operation: String, _ body: String) async -> WireResponse {
        await json("AmazonEC2ContainerServiceV20141113.\(operation)", body, service: "ecs", version: "1.1")
    }

    /// A query-protocol call (form body), to `/` or a queue URL's path.
    func query(_ form: String, path: String = "/") async -> WireResponse {
        await host.handle(WireRequest(method: "POST", target: path, headers: [
            "Content-Type": "application/x-www-form-urlencoded; charset=utf-8", "Host": "127.0.0.1:4566",
            "Authorization": authorization("sqs"),
        ], body: Data(form.utf8)))
    }

    func admin(_ method: String, _ path: String, body: String = "") async -> WireResponse {
        await host.handle(WireRequest(method: method, target: "/_wsim" + path, body: Data(body.utf8)))
    }
}

extension WireResponse {
    var json: JSONValue { (try? JSONValue.parse(bodyText)) ?? .null }
}
