import Foundation
@testable import HTTPFront
import Testing

@Suite("Routing a request to a service")
struct RoutingTests {
    @Test func theCredentialScopeNamesRegionAndService() throws {
        let scope = try #require(SigV4Scope(authorization: "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/eu-west-1/sqs/aws4_request, SignedHeaders=host, Signature=abc"))
        #expect(scope.region == "eu-west-1")
        #expect(scope.service == "sqs")
        #expect(scope.accessKey == "AKIDEXAMPLE")
        #expect(SigV4Scope(authorization: "AWS4-HMAC-SHA256 Credential=a/b/c, Signature=x") == nil)
        #expect(SigV4Scope(authorization: "Basic dXNlcjpwYXNz") == nil)
        #expect(SigV4Scope(authorization: nil, presignedCredential: "k/20260101/us-east-1/logs/aws4_request")?.service == "logs")
    }

    @Test(arguments: [
        ("AmazonSQS.SendMessage", "sqs", "SendMessage"),
        ("DynamoDB_20120810.GetItem", "dynamodb", "GetItem"),
        ("Logs_20140328.FilterLogEvents", "logs", "FilterLogEvents"),
        ("AmazonEC2ContainerServiceV20141113.DescribeServices", "ecs", "DescribeServices"),
    ])
    func theTargetHeaderPicksTheService(target: String, service: String, operation: String) {
        let request = WireRequest(method: "POST", target: "/", headers: ["X-Amz-Target": target])
        #expect(WireRoute.of(request, scope: nil) == .json(service: .init(rawValue: service)!, operation: operation))
    }

    @Test func formBodiesAreSQSQueryUnlessScopedToAnotherService() {
        let form = WireRequest(method: "POST", target: "/123456789012/q", headers: ["Content-Type": "application/x-www-form-urlencoded"])
        #expect(WireRoute.of(form, scope: nil) == .sqsQuery)
        let elb = SigV4Scope(authorization: "AWS4-HMAC-SHA256 Credential=k/20260101/us-east-1/elasticloadbalancing/aws4_request")
        guard case .unsupported(let reason) = WireRoute.of(form, scope: elb) else { Issue.record("ELB was routed"); return }
        #expect(reason.contains("elasticloadbalancing"))
        #expect(WireRoute.of(WireRequest(method: "GET", target: "/?Action=ListQueues"), scope: nil) == .sqsQuery)
    }

    @Test func unknownTargetsAreNamedAndTheRestIsS3() {
        #expect(WireRoute.of(WireRequest(method: "POST", target: "/", headers: ["X-Amz-Target": "AWSKMS.Encrypt"]), scope: nil) == .unknownTarget("AWSKMS.Encrypt"))
        #expect(WireRoute.of(WireRequest(method: "GET", target: "/bucket/dir/key%20x"), scope: nil) == .s3(bucket: "bucket", key: "dir/key x"))
        #expect(WireRoute.of(WireRequest(method: "GET", target: "/bucket/"), scope: nil) == .s3(bucket: "bucket", key: nil))
        #expect(WireRoute.of(WireRequest(method: "GET", target: "/"), scope: nil) == .s3(bucket: nil, key: nil))
        #expect(WireRoute.of(WireRequest(method: "GET", target: "/b//slash"), scope: nil) == .s3(bucket: "b", key: "/slash"))
        let s3Scope = SigV4Scope(authorization: "AWS4-HMAC-SHA256 Credential=k/20260101/us-east-1/s3/aws4_request")
        // A form POST signed for S3 is S3's (a browser upload), not SQS's query protocol.
        let form = WireRequest(method: "POST", target: "/bucket", headers: ["Content-Type": "application/x-www-form-urlencoded"])
        #expect(WireRoute.of(form, scope: s3Scope) == .s3(bucket: "bucket", key: nil))
        #expect(WireRoute.of(WireRequest(method: "GET", target: "/_wsim/health"), scope: nil) == .admin(path: "/health"))
    }

    @Test func hostsNameWebsitesAndVirtualHostedBuckets() {
        func route(_ host: String, _ target: String = "/a/b") -> WireRoute {
            WireRoute.of(WireRequest(method: "GET", target: target, headers: ["Host": host]), scope: nil)
        }
        #expect(route("edit.amelia.webordinary.com.s3-website.localhost:4566") == .website(bucket: "edit.amelia.webordinary.com", region: nil))
        #expect(route("site.s3-website-eu-west-1.amazonaws.com") == .website(bucket: "site", region: "eu-west-1"))
        #expect(route("site.s3-website.us-east-2.amazonaws.com") == .website(bucket: "site", region: "us-east-2"))
        #expect(route("my-bucket.s3.localhost:4566") == .s3(bucket: "my-bucket", key: "a/b"))
        #expect(route("my-bucket.s3.localhost", "/") == .s3(bucket: "my-bucket", key: nil))
        #expect(route("my-bucket.localhost:4566") == .s3(bucket: "my-bucket", key: "a/b"))
        #expect(route("my.bucket.s3.us-west-2.amazonaws.com") == .s3(bucket: "my.bucket", key: "a/b"))
        #expect(route("edit.amelia.webordinary.com") == .bucketHost(bucket: "edit.amelia.webordinary.com", bucketPath: S3Path("/a/b")))
        for plain in ["127.0.0.1:4566", "localhost:4566", "[::1]:4566", "localhost", "s3.localhost"] {
            #expect(route(plain) == .s3(bucket: "a", key: "b"), "\(plain)")
        }
    }

    @Test func queryStringsAndFormsAreDecoded() throws {
        let request = WireRequest(method: "GET", target: "/a%20b/c?x=1&y=two+words&z=%2F")
        #expect(request.path == "/a b/c")
        #expect(request.queryValue("y") == "two words")
        #expect(request.queryValue("z") == "/")
        let tree = try FormTree(FormBody.decode("Action=SendMessageBatch&SendMessageBatchRequestEntry.2.Id=b&SendMessageBatchRequestEntry.1.Id=a&SendMessageBatchRequestEntry.1.MessageAttribute.1.Name=k&SendMessageBatchRequestEntry.1.MessageAttribute.1.Value.DataType=String&SendMessageBatchRequestEntry.1.MessageAttribute.1.Value.StringValue=v&Attribute.1.Name=VisibilityTimeout&Attribute.1.Value=5"))
        let members = tree.sqsMembers()
        let entries = members["Entries"]?.arrayValue ?? []
        #expect(entries.count == 2)
        #expect(entries.first?["Id"]?.stringValue == "a")
        #expect(entries.first?["MessageAttributes"]?["k"]?["StringValue"]?.stringValue == "v")
        #expect(members["Attributes"]?["VisibilityTimeout"]?.stringValue == "5")
    }

    @Test func regionNamesAreChecked() {
        #expect(ServedAccount.isRegionName("us-east-1"))
        #expect(ServedAccount.isRegionName("us-gov-west-1"))
        #expect(!ServedAccount.isRegionName("../etc"))
        #expect(!ServedAccount.isRegionName("US-EAST-1"))
        #expect(!ServedAccount.isRegionName("us-east"))
    }
}
