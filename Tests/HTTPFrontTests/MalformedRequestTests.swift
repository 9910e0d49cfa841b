import AWSSim
import Foundation
import GRDB
@testable import HTTPFront
import SimKernel
import Testing

/// Hostile and broken requests from a seeded generator: none may crash the server, get a 5xx, or leave the
/// database in a state SQLite calls damaged; afterwards ordinary calls work.
@Suite("Malformed requests")
struct MalformedRequestTests {
    static let targets = [
        "AmazonSQS.SendMessage", "AmazonSQS.CreateQueue", "AmazonSQS.ReceiveMessage", "AmazonSQS.SendMessageBatch",
        "DynamoDB_20120810.PutItem", "DynamoDB_20120810.Query", "DynamoDB_20120810.CreateTable",
        "Logs_20140328.PutLogEvents", "Logs_20140328.FilterLogEvents", "AmazonEC2ContainerServiceV20141113.UpdateService",
        "AmazonSQS.", "Nope.Nothing", "AmazonSQS", "DynamoDB_20120810.DeleteEverything",
    ]

    static let bodies = [
        "", "{", "[]", "null", "\"text\"", "{\"QueueName\": 5}", "{\"QueueUrl\": [1,2]}", "{\"QueueName\": \"a\\u0000b\"}",
        "{\"QueueName\": \"../../etc/passwd\"}", "{\"TableName\": {\"S\": 1}}", "{\"Item\": {\"k\": {\"X\": 1}}, \"TableName\": \"t\"}",
        "{\"logEvents\": [{\"timestamp\": \"soon\"}], \"logGroupName\": \"g\", \"logStreamName\": \"s\"}",
        "{\"Entries\": [1, 2, 3], \"QueueUrl\": \"q\"}", "{\"desiredCount\": -1e999, \"service\": \"s\"}",
        "{\"MaxNumberOfMessages\": 1.5, \"QueueUrl\": \"http://x/123456789012/q\"}", "{\"a\":1,}", "{\"QueueName\":\"\(String(repeating: "x", count: 5000))\"}",
        String(repeating: "[", count: 2000), "{\"KeyConditionExpression\": \"pk = :v AND\", \"TableName\": \"t\"}",
    ]

    static let forms = [
        "Action=", "Action=SendMessage", "Action=SendMessage&QueueUrl=%ZZ&MessageBody=%", "Action=CreateQueue&QueueName=\u{7}bell",
        "Action=ReceiveMessage&QueueUrl=http://x/123456789012/q&WaitTimeSeconds=abc", "Action=SendMessageBatch&SendMessageBatchRequestEntry.x.Id=1",
        "Attribute.1.Name=VisibilityTimeout", "&&&===", "Action=CreateQueue&QueueName=q&Attribute.1.Name=VisibilityTimeout&Attribute.1.Value=-5",
    ]

    func randomRequest(_ random: inout SeededGenerator) -> WireRequest {
        let pick = { (count: Int, random: inout SeededGenerator) in Int(random.uniform(below: UInt64(count))) }
        let region = ["us-east-1", "us-west-2", "../../etc", "US-EAST-1", "", "eu-west-1"][pick(6, &random)]
        let authorization = pick(4, &random) == 0 ? "garbage" : "AWS4-HMAC-SHA256 Credential=k/20260101/\(region)/sqs/aws4_request, Signature=0"
        switch pick(5, &random) {
        case 0, 1:
            var body = Data(Self.bodies[pick(Self.bodies.count, &random)].utf8)
            if pick(5, &random) == 0 { body = Data((0..<pick(64, &random)).map { _ in UInt8(truncatingIfNeeded: random.next()) }) }
            if pick(6, &random) == 0, !body.isEmpty { body = body.prefix(pick(body.count, &random)) }
            let contentType = ["application/x-amz-json-1.0", "application/x-amz-json-1.1", "text/plain", "application/json"][pick(4, &random)]
            return WireRequest(method: "POST", target: "/", headers: [
                "X-Amz-Target": Self.targets[pick(Self.targets.count, &random)], "Content-Type": contentType, "Authorization": authorization,
            ], body: body)
        case 2:
            return WireRequest(method: "POST", target: ["/", "/123456789012/q", "/123456789012/../q", "/x/y/z"][pick(4, &random)], headers: [
                "Content-Type": "application/x-www-form-urlencoded", "Authorization": authorization,
            ], body: Data(Self.forms[pick(Self.forms.count, &random)].utf8))
        case 3:
            return WireRequest(method: ["GET", "DELETE", "PUT", "PATCH"][pick(4, &random)], target: ["/_wsim/", "/_wsim/clock/advance?by=-5s", "/_wsim/faults", "/?Action=ListQueues&Version=x", "/%%%"][pick(5, &random)])
        default:
            return WireRequest(method: "POST", target: "/_wsim/faults", body: Data(["faults: [", "faults:\n  - service: sqs\n    probability: 7\n", "\u{0}\u{1}", "description: x\nfaults: []\n"][pick(4, &random)].utf8))
        }
    }

    @Test func threeHundredMalformedRequestsGetAWSShapedAnswersAndLoseNothing() async throws {
        let folder = WireClient.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let client = try WireClient.manual(folder: folder)
        _ = await client.sqs("CreateQueue", #"{"QueueName":"keep"}"#)
        _ = await client.sqs("SendMessage", #"{"QueueUrl":"http://127.0.0.1:4566/123456789012/keep","MessageBody":"precious"}"#)
        var random = SeededGenerator(seed: 20261130)
        for index in 0..<300 {
            let request = randomRequest(&random)
            let response = await client.host.handle(request)
            #expect(response.status < 500 || response.status == 501, "request \(index) (\(request.method) \(request.path) \(request.header("x-amz-target") ?? "")) got \(response.status): \(response.bodyText.prefix(200))")
            if response.status >= 400 && !request.path.hasPrefix("/_wsim") {
                let text = response.bodyText
                #expect(text.contains("__type") || text.contains("<Code>"), "request \(index) got an error AWS clients cannot read: \(text.prefix(200))")
            }
        }
        // Ordinary calls still work and the message is still there.
        let received = await client.sqs("ReceiveMessage", #"{"QueueUrl":"http://127.0.0.1:4566/123456789012/keep"}"#)
        #expect(received.json["Messages"]?.arrayValue?.first?["Body"]?.stringValue == "precious")
        await client.host.shutdown()
        let database = try DatabaseQueue(path: folder.appendingPathComponent("wsim.sqlite").path)
        let integrity = try await database.read { db in try String.fetchOne(db, sql: "PRAGMA integrity_check") }
        #expect(integrity == "ok")
    }

    @Test func inventedRegionsCannotFillTheDisk() async throws {
        var client = try WireClient.manual()
        var refused = 0
        for index in 0..<45 {
            client.region = "xx-made-up-\(index)"
            let response = await client.sqs("ListQueues", "{}")
            if response.status == 403 { refused += 1 }
        }
        // 40 regions at most, the home region among them.
        #expect(refused == 6)
    }

    @Test func aBadRegionIsRefusedWithoutTouchingTheDisk() async throws {
        let folder = WireClient.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        var client = try WireClient.manual(folder: folder)
        client.region = "..%2F..%2Fetc"
        let response = await client.sqs("ListQueues", "{}")
        #expect(response.status == 403)
        #expect(response.json["message"]?.stringValue?.contains("valid region") == true)
        // Only the home region's database exists: nothing was created for the bad name, here or elsewhere.
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        #expect(files.filter { $0.hasPrefix("wsim-") }.isEmpty, "\(files)")
        #expect(!FileManager.default.fileExists(atPath: folder.deletingLastPathComponent().appendingPathComponent("etc").path))
    }

    /// Findings of a review, each a request that once killed the server or an answer a client could not read.
    @Test func requestsThatOnceKilledTheServerGetErrors() async throws {
        var client = try WireClient.manual()
        let deep = await client.query("Action=ListQueues&" + String(repeating: "a.", count: 50_000) + "=1")
        #expect(deep.status == 400)
        _ = await client.logs("CreateLogGroup", #"{"logGroupName":"g"}"#)
        _ = await client.logs("CreateLogStream", #"{"logGroupName":"g","logStreamName":"s"}"#)
        let extremes = await client.logs("PutLogEvents", #"{"logGroupName":"g","logStreamName":"s","logEvents":[{"timestamp":-9223372036854775808,"message":"a"},{"timestamp":9223372036854775807,"message":"b"}]}"#)
        #expect(extremes.status == 400)
        #expect(extremes.json["__type"]?.stringValue == "InvalidParameterException")
        _ = await client.dynamodb("CreateTable", #"{"TableName":"ttl","KeySchema":[{"AttributeName":"k","KeyType":"HASH"}],"AttributeDefinitions":[{"AttributeName":"k","AttributeType":"S"}]}"#)
        _ = await client.dynamodb("UpdateTimeToLive", #"{"TableName":"ttl","TimeToLiveSpecification":{"AttributeName":"exp","Enabled":true}}"#)
        let millis = await client.dynamodb("PutItem", #"{"TableName":"ttl","Item":{"k":{"S":"a"},"exp":{"N":"1796000000000000"}}}"#)
        #expect(millis.status == 200)
        _ = await client.admin("POST", "/clock/advance?by=1h")
        let kept = await client.dynamodb("GetItem", #"{"TableName":"ttl","Key":{"k":{"S":"a"}}}"#)
        #expect(kept.json["Item"] != nil)
        let indexes = await client.dynamodb("CreateTable", #"{"TableName":"gsi","KeySchema":[{"AttributeName":"k","KeyType":"HASH"}],"AttributeDefinitions":[{"AttributeName":"k","AttributeType":"S"}],"GlobalSecondaryIndexes":[]}"#)
        #expect(indexes.json["message"]?.stringValue?.contains("GlobalSecondaryIndexes") == true)
        _ = await client.ecs("CreateCluster", #"{"clusterName":"c"}"#)
        _ = await client.ecs("RegisterTaskDefinition", #"{"family":"f","containerDefinitions":[{"name":"a","image":"b"}]}"#)
        let huge = await client.ecs("CreateService", #"{"cluster":"c","serviceName":"s","taskDefinition":"f","desiredCount":200000}"#)
        #expect(huge.status == 400)
        client.region = "us-east-1"
        let control = await client.query("Action=Bogus%01")
        #expect(control.status == 400)
        #expect(!control.bodyText.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" && $0 != "\t" })
        #expect(control.bodyText.contains("Bogus\u{FFFD}"))
    }
}
