import AWSSim
import Foundation
import GRDB
@testable import HTTPFront
import SimKernel
import Testing

/// Hostile and broken S3 and website requests from a seeded generator: odd paths, sub-resources, headers,
/// checksums, aws-chunked framing and XML. None may get a 5xx (but 501 for what wsim does not serve), every error
/// must be readable (S3's XML, or the website's page), a kept object must survive, and SQLite must call the
/// database sound afterwards.
@Suite("Hostile S3 requests")
struct HostileS3RequestTests {
    static let readPaths = ["/", "/keep", "/keep/", "/keep/precious", "/keep//precious", "/%FF", "/keep/%2e%2e/precious", "/nobucket/x", "/UP/x", "/a/b", "/keep/" + String(repeating: "k", count: 1100)]
    static let writePaths = ["/keep/k1", "/keep/dir/k2", "/keep/%E2%9C%93", "/keep/a b+c", "/other/k", "/keep/" + String(repeating: "w", count: 1100), "/keep/", "/xx", "/keep/\u{7}bell"]
    static let queries = [
        "", "", "", "", "", "uploads", "uploadId=zzz", "uploadId=zzz&partNumber=0", "uploadId=zzz&partNumber=99999", "list-type=2", "list-type=3",
        "list-type=2&max-keys=-1", "list-type=2&max-keys=abc", "delete", "website", "acl", "versionId=1", "encoding-type=zip",
        "list-type=2&continuation-token=!!!", "marker=&delimiter=", "prefix=%00&delimiter=%2F", "location", "uploads&max-uploads=-3",
        "uploads&prefix=x", "partNumber=2",
    ]
    static let bodies: [String] = [
        "", "x", "<Delete><Object><Key>k1</Key></Object></Delete>", 
        "<Delete><Quiet>true</Quiet><Object><Key>k1</Key></Object><Object><Key>dir/k2</Key></Object></Delete>", "<!DOCTYPE x [<!ENTITY a \"aaaaaaaa\">]><Delete>&a;</Delete>", String(repeating: "<a>", count: 100),
        "<CompleteMultipartUpload><Part><PartNumber>x</PartNumber></Part></CompleteMultipartUpload>",
        "<WebsiteConfiguration><IndexDocument><Suffix>a/b</Suffix></IndexDocument></WebsiteConfiguration>",
        "<WebsiteConfiguration><RoutingRules><RoutingRule/></RoutingRules></WebsiteConfiguration>",
        "<CreateBucketConfiguration><LocationConstraint>mars-1</LocationConstraint></CreateBucketConfiguration>",
        "5\r\nhello\r\n0\r\n\r\n", "ffffffffffffffffff\r\nx", "5;chunk-signature=\r\nhel", "<Delete>" + String(repeating: "<Object><Key>z</Key></Object>", count: 1200) + "</Delete>",
    ]
    static let hosts = ["127.0.0.1:4566", "keep.s3.localhost", "keep.s3-website.localhost:4566", "keep", "[::1]:4566", "KEEP.S3.LOCALHOST.", "s3-website.localhost", ".s3.localhost"]

    func randomRequest(_ random: inout SeededGenerator) -> WireRequest {
        func pick<T>(_ values: [T], _ random: inout SeededGenerator) -> T { values[Int(random.uniform(below: UInt64(values.count)))] }
        let method = pick(["GET", "GET", "GET", "HEAD", "PUT", "PUT", "PUT", "POST", "DELETE", "PATCH"], &random)
        // Only reads may name the kept object; every write goes elsewhere.
        var path = method == "GET" || method == "HEAD" ? pick(Self.readPaths + Self.writePaths, &random) : pick(Self.writePaths, &random)
        let query = pick(Self.queries, &random)
        if !query.isEmpty { path += "?" + query }
        var headers = ["Host": pick(Self.hosts, &random)]
        if random.uniform(below: 2) == 0 { headers["Authorization"] = "AWS4-HMAC-SHA256 Credential=k/20260101/\(pick(["us-east-1", "us-west-2", "x"], &random))/s3/aws4_request, Signature=0" }
        let optional: [(String, [String])] = [
            ("Content-MD5", ["", "zz", "AAAAAAAAAAAAAAAAAAAAAA==", "1B2M2Y8AsgTpgAmY7PhCfg=="]),
            ("x-amz-checksum-crc32", ["", "AAAAAA==", "!!", "NhCmhg=="]), ("x-amz-checksum-crc64nvme", ["AAAAAAAAAAA="]),
            ("Content-Encoding", ["aws-chunked", "gzip", "aws-chunked,gzip"]), ("x-amz-decoded-content-length", ["-1", "5", "99999999999999999999"]),
            ("x-amz-content-sha256", ["STREAMING-UNSIGNED-PAYLOAD-TRAILER", "UNSIGNED-PAYLOAD", String(repeating: "0", count: 64)]),
            ("Range", ["bytes=", "bytes=5-2", "bytes=-0", "bytes=0-0,1-1", "bytes=99999999999999999999-", "items=0-1"]),
            ("If-Match", ["*", "\"x\""]), ("If-None-Match", ["*"]), ("If-Modified-Since", ["yesterday", "Sun, 06 Nov 1994 08:49:37 GMT"]),
            ("x-amz-copy-source", ["/keep/precious", "keep", "///", "%", "/keep/precious?versionId=1", "/nobucket/x"]),
            ("x-amz-metadata-directive", ["REPLACE", "MOVE"]), ("x-amz-meta-big", [String(repeating: "m", count: 3000)]),
            ("Expect", ["100-continue"]), ("x-amz-server-side-encryption", ["AES256"]),
        ]
        for (name, values) in optional where random.uniform(below: 9) == 0 { headers[name] = pick(values, &random) }
        var body = Data(pick(Self.bodies, &random).utf8)
        if random.uniform(below: 6) == 0 { body = Data((0..<Int(random.uniform(below: 300))).map { _ in UInt8(truncatingIfNeeded: random.next()) }) }
        return WireRequest(method: method, target: path, headers: headers, body: body)
    }

    @Test func fourHundredHostileRequestsGetReadableAnswersAndLoseNothing() async throws {
        let folder = WireClient.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let client = try WireClient.manual(folder: folder)
        let s3 = ["Authorization": "AWS4-HMAC-SHA256 Credential=k/20260101/us-west-2/s3/aws4_request, Signature=0", "Host": "127.0.0.1:4566"]
        #expect(await client.host.handle(WireRequest(method: "PUT", target: "/keep", headers: s3)).status == 200)
        #expect(await client.host.handle(WireRequest(method: "PUT", target: "/other", headers: s3)).status == 200)
        #expect(await client.host.handle(WireRequest(method: "PUT", target: "/keep/precious", headers: s3, body: Data("precious".utf8))).status == 200)
        var random = SeededGenerator(seed: 20261130)
        var statuses: [Int: Int] = [:]
        for index in 0..<400 {
            let request = randomRequest(&random)
            let response = await client.host.handle(request)
            statuses[response.status, default: 0] += 1
            let label = "request \(index) (\(request.method) \(request.rawPath) host \(request.header("host") ?? ""))"
            #expect(response.status < 500 || response.status == 501, "\(label) got \(response.status): \(response.bodyText.prefix(300))")
            if response.status >= 400, request.method != "HEAD" {
                let text = response.bodyText
                #expect(text.contains("<Code>") || text.contains("Code: "), "\(label) got an error no client can read: \(text.prefix(200))")
            }
        }
        #expect(statuses.keys.contains { $0 >= 200 && $0 < 300 } && statuses.keys.contains { $0 >= 400 }, "\(statuses)")
        let kept = await client.host.handle(WireRequest(method: "GET", target: "/keep/precious", headers: s3))
        #expect(kept.status == 200 && kept.bodyText == "precious", "the kept object survived: \(kept.status) \(kept.bodyText.prefix(100))")
        await client.host.shutdown()
        let database = try DatabaseQueue(path: folder.appendingPathComponent("wsim.sqlite").path)
        let integrity = try await database.read { db in try String.fetchOne(db, sql: "PRAGMA integrity_check") }
        #expect(integrity == "ok")
    }
}
