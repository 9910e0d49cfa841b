import AWSPorts
import AWSSim
import Foundation
import SimKernel
import Testing

@Suite("S3 buckets and objects")
struct S3ObjectTests {
    let world: TestWorld
    var s3: SimulatedS3 { world.aws.s3 }
    let bucket = "edit.amelia.webordinary.com"

    init() throws {
        world = try TestWorld()
        try world.aws.s3.createBucket(bucket)
    }

    @Test(arguments: ["b1", "UPPER", "-start", "end-", "a..b", "192.168.5.4", "xn--abc", "sthree-x", "name-s3alias",
                      "under_score", String(repeating: "a", count: 64)])
    func invalidBucketNamesAreRejected(_ name: String) throws {
        _ = expectAWSError("InvalidBucketName") { try s3.createBucket(name) }
    }

    @Test func bucketLifecycle() throws {
        _ = expectAWSError("BucketAlreadyOwnedByYou") { try s3.createBucket(bucket) }
        try s3.createBucket("edit.client-a.webordinary.com")
        #expect(try s3.listBuckets().map(\.name) == ["edit.amelia.webordinary.com", "edit.client-a.webordinary.com"])
        _ = try s3.putObject(PutObjectRequest(bucket: bucket, key: "index.html", body: Data("x".utf8)))
        let notEmpty = expectAWSError("BucketNotEmpty") { try s3.deleteBucket(bucket) }
        #expect(notEmpty?.httpStatus == 409)
        try s3.deleteObject(bucket: bucket, key: "index.html")
        try s3.deleteBucket(bucket)
        _ = expectAWSError("NotFound") { try s3.headBucket(bucket) }
        let missing = expectAWSError("NoSuchBucket") { try s3.deleteBucket(bucket) }
        #expect(missing?.httpStatus == 404)
        _ = expectAWSError("NoSuchBucket") {
            _ = try s3.putObject(PutObjectRequest(bucket: bucket, key: "k", body: Data()))
        }
    }

    @Test func putGetHeadWithETagMetadataAndLastModified() throws {
        world.advance(.milliseconds(1_500))
        let put = try s3.putObject(PutObjectRequest(
            bucket: bucket, key: "index.html", body: Data("hello".utf8), contentType: "text/html",
            metadata: ["Session-Id": "session-aaa-111"]))
        #expect(put.eTag == "\"5d41402abc4b2a76b9719d911017c592\"")
        let object = try s3.getObject(GetObjectRequest(bucket: bucket, key: "index.html"))
        #expect(object.body == Data("hello".utf8))
        #expect(object.metadata.contentType == "text/html")
        #expect(object.metadata.metadata == ["session-id": "session-aaa-111"])
        #expect(object.metadata.lastModified == Instant.defaultSimulationStart + .seconds(1), "second precision")
        let head = try s3.headObject(bucket: bucket, key: "index.html")
        #expect(head.contentLength == 5)
        #expect(head.eTag == put.eTag)
        _ = try s3.putObject(PutObjectRequest(bucket: bucket, key: "data.bin", body: Data([1, 2])))
        #expect(try s3.headObject(bucket: bucket, key: "data.bin").contentType == "binary/octet-stream")
    }

    @Test func missingObjects() throws {
        let error = expectAWSError("NoSuchKey") {
            _ = try s3.getObject(GetObjectRequest(bucket: bucket, key: "nope.html"))
        }
        #expect(error?.httpStatus == 404)
        #expect(error?.fields["Key"] == "nope.html")
        let head = expectAWSError("NotFound") { _ = try s3.headObject(bucket: bucket, key: "nope.html") }
        #expect(head?.message == "Not Found")
        try s3.deleteObject(bucket: bucket, key: "nope.html")
        _ = expectAWSError("KeyTooLongError") {
            _ = try s3.putObject(PutObjectRequest(bucket: bucket, key: String(repeating: "k", count: 1025), body: Data()))
        }
        _ = expectAWSError("MetadataTooLarge") {
            _ = try s3.putObject(PutObjectRequest(
                bucket: bucket, key: "m", body: Data(), metadata: ["big": String(repeating: "v", count: 2100)]))
        }
    }

    @Test func rangesAndConditions() throws {
        let put = try s3.putObject(PutObjectRequest(bucket: bucket, key: "digits", body: Data("0123456789".utf8)))
        func get(_ range: String) throws -> S3Object { try s3.getObject(GetObjectRequest(bucket: bucket, key: "digits", range: range)) }
        #expect(String(decoding: try get("bytes=2-4").body, as: UTF8.self) == "234")
        #expect(try get("bytes=2-4").contentRange == "bytes 2-4/10")
        #expect(String(decoding: try get("bytes=7-").body, as: UTF8.self) == "789")
        #expect(String(decoding: try get("bytes=-3").body, as: UTF8.self) == "789")
        #expect(String(decoding: try get("bytes=8-100").body, as: UTF8.self) == "89")
        #expect(try get("garbage").contentRange == nil, "an unparseable range returns the whole object")
        let invalid = expectAWSError("InvalidRange") { _ = try get("bytes=10-12") }
        #expect(invalid?.httpStatus == 416)
        _ = try s3.getObject(GetObjectRequest(bucket: bucket, key: "digits", ifMatch: put.eTag))
        _ = expectAWSError("PreconditionFailed") {
            _ = try s3.getObject(GetObjectRequest(bucket: bucket, key: "digits", ifMatch: "\"other\""))
        }
        let notModified = expectAWSError("NotModified") {
            _ = try s3.getObject(GetObjectRequest(bucket: bucket, key: "digits", ifNoneMatch: put.eTag))
        }
        #expect(notModified?.httpStatus == 304)
    }

    @Test func copyObject() throws {
        _ = try s3.putObject(PutObjectRequest(
            bucket: bucket, key: "a.html", body: Data("A".utf8), contentType: "text/html", metadata: ["x": "1"]))
        let copy = try s3.copyObject(CopyObjectRequest(sourceBucket: bucket, sourceKey: "a.html", bucket: bucket, key: "b.html"))
        let copied = try s3.headObject(bucket: bucket, key: "b.html")
        #expect(copied.eTag == copy.eTag)
        #expect(copied.contentType == "text/html")
        #expect(copied.metadata == ["x": "1"])
        _ = try s3.copyObject(CopyObjectRequest(
            sourceBucket: bucket, sourceKey: "a.html", bucket: bucket, key: "c.txt", metadataDirective: .replace,
            contentType: "text/plain", metadata: ["y": "2"]))
        #expect(try s3.headObject(bucket: bucket, key: "c.txt").metadata == ["y": "2"])
        _ = expectAWSError("InvalidRequest") {
            _ = try s3.copyObject(CopyObjectRequest(sourceBucket: bucket, sourceKey: "a.html", bucket: bucket, key: "a.html"))
        }
        _ = expectAWSError("NoSuchKey") {
            _ = try s3.copyObject(CopyObjectRequest(sourceBucket: bucket, sourceKey: "zzz", bucket: bucket, key: "d"))
        }
    }

    @Test func deleteObjectsIncludingMissingKeysAndInjectedFailures() throws {
        for key in ["a", "b", "c"] { _ = try s3.putObject(PutObjectRequest(bucket: bucket, key: key, body: Data(key.utf8))) }
        world.aws.seam.interceptor = ClosureFaultInterceptor { call in
            call.operation == "DeleteObjects"
                ? .failEntries(["b": AWSError(code: "AccessDenied", message: "Access Denied", httpStatus: 403)]) : .proceed
        }
        let result = try s3.deleteObjects(bucket: bucket, keys: ["a", "b", "missing"], quiet: false)
        #expect(result.deleted == ["a", "missing"])
        #expect(result.errors.map(\.key) == ["b"])
        #expect(result.errors.first?.code == "AccessDenied")
        world.aws.seam.interceptor = nil
        #expect(try s3.listObjectsV2(ListObjectsV2Request(bucket: bucket)).contents.map(\.key) == ["b", "c"])
        let quiet = try s3.deleteObjects(bucket: bucket, keys: ["b"], quiet: true)
        #expect(quiet.deleted.isEmpty && quiet.errors.isEmpty)
        _ = expectAWSError("MalformedXML") { _ = try s3.deleteObjects(bucket: bucket, keys: [], quiet: false) }
        _ = expectAWSError("MalformedXML") {
            _ = try s3.deleteObjects(bucket: bucket, keys: (0...1000).map { "k\($0)" }, quiet: false)
        }
    }
}

@Suite("S3 ListObjectsV2")
struct S3ListTests {
    let world: TestWorld
    var s3: SimulatedS3 { world.aws.s3 }
    let bucket = "list-bucket"

    init() throws {
        world = try TestWorld()
        try world.aws.s3.createBucket(bucket)
        for key in ["index.html", "about/index.html", "about/team.html", "assets/app.css", "assets/img/logo.png",
                    "contact/index.html", "404.html", "é.html", "e\u{301}x.html"] {
            _ = try world.aws.s3.putObject(PutObjectRequest(bucket: bucket, key: key, body: Data(key.utf8)))
        }
    }

    func list(_ prefix: String? = nil, delimiter: String? = nil, maxKeys: Int = 1000, token: String? = nil,
              startAfter: String? = nil) throws -> ListObjectsV2Result {
        try s3.listObjectsV2(ListObjectsV2Request(
            bucket: bucket, prefix: prefix, delimiter: delimiter, maxKeys: maxKeys, continuationToken: token,
            startAfter: startAfter))
    }

    @Test func keysComeInUTF8ByteOrder() throws {
        let keys = try list().contents.map(\.key)
        #expect(keys == ["404.html", "about/index.html", "about/team.html", "assets/app.css", "assets/img/logo.png",
                         "contact/index.html", "e\u{301}x.html", "index.html", "é.html"])
    }

    @Test func prefixAndDelimiterGiveCommonPrefixes() throws {
        let top = try list(delimiter: "/")
        #expect(top.contents.map(\.key) == ["404.html", "e\u{301}x.html", "index.html", "é.html"])
        #expect(top.commonPrefixes == ["about/", "assets/", "contact/"])
        #expect(top.keyCount == 7)
        let assets = try list("assets/", delimiter: "/")
        #expect(assets.contents.map(\.key) == ["assets/app.css"])
        #expect(assets.commonPrefixes == ["assets/img/"])
        #expect(try list("about/").contents.count == 2)
        #expect(try list("e").contents.map(\.key) == ["e\u{301}x.html"], "a byte prefix, not a grapheme prefix")
    }

    @Test func pagesWithContinuationTokensAndCommonPrefixesCountingAgainstMaxKeys() throws {
        var seen: [String] = []
        var token: String?
        var pages = 0
        repeat {
            let page = try list(delimiter: "/", maxKeys: 2, token: token)
            #expect(page.keyCount <= 2)
            seen += page.contents.map(\.key) + page.commonPrefixes
            token = page.nextContinuationToken
            #expect(page.isTruncated == (token != nil))
            pages += 1
        } while token != nil
        #expect(pages == 4)
        #expect(seen.sorted() == ["404.html", "about/", "assets/", "contact/", "e\u{301}x.html", "index.html", "é.html"].sorted())
        #expect(Set(seen).count == seen.count, "no duplicates across pages")
    }

    @Test func startAfterMaxKeysAndBadTokens() throws {
        #expect(try list(startAfter: "contact/index.html").contents.first?.key == "e\u{301}x.html")
        let empty = try list(maxKeys: 0)
        #expect(empty.contents.isEmpty && empty.keyCount == 0)
        _ = expectAWSError("InvalidArgument") { _ = try list(maxKeys: -1) }
        _ = expectAWSError("InvalidArgument") { _ = try list(token: "!!!") }
        _ = expectAWSError("NoSuchBucket") { _ = try s3.listObjectsV2(ListObjectsV2Request(bucket: "missing-bucket")) }
    }
}

@Suite("S3 website endpoint")
struct S3WebsiteTests {
    let world: TestWorld
    var s3: SimulatedS3 { world.aws.s3 }
    let bucket = "edit.amelia.webordinary.com"

    init() throws {
        world = try TestWorld()
        try world.aws.s3.createBucket(bucket)
        for (key, text) in [("index.html", "<h1>Home</h1>"), ("about/index.html", "<h1>About</h1>"),
                            ("404.html", "<h1>Missing</h1>")] {
            _ = try world.aws.s3.putObject(PutObjectRequest(bucket: bucket, key: key, body: Data(text.utf8), contentType: "text/html"))
        }
    }

    @Test func withoutConfigurationTheEndpointSaysSo() throws {
        let response = try s3.websiteRequest(bucket: bucket, path: "/", head: false)
        #expect(response.status == 404)
        #expect(response.bodyText.contains("NoSuchWebsiteConfiguration"))
        _ = expectAWSError("NoSuchWebsiteConfiguration") { _ = try s3.getBucketWebsite(bucket: bucket) }
        let noBucket = try s3.websiteRequest(bucket: "no-such-bucket", path: "/", head: false)
        #expect(noBucket.status == 404 && noBucket.bodyText.contains("NoSuchBucket"))
    }

    @Test func indexDocumentsErrorDocumentAndTrailingSlashRedirect() throws {
        try s3.putBucketWebsite(bucket: bucket, configuration: WebsiteConfiguration(indexDocumentSuffix: "index.html", errorDocumentKey: "404.html"))
        #expect(try s3.getBucketWebsite(bucket: bucket).errorDocumentKey == "404.html")
        let home = try s3.websiteRequest(bucket: bucket, path: "/", head: false)
        #expect(home.status == 200 && home.bodyText == "<h1>Home</h1>")
        #expect(home.headers["content-type"] == "text/html")
        #expect(try s3.websiteRequest(bucket: bucket, path: "/about/", head: false).bodyText == "<h1>About</h1>")
        let slash = try s3.websiteRequest(bucket: bucket, path: "/about", head: false)
        #expect(slash.status == 302 && slash.headers["location"] == "/about/")
        let missing = try s3.websiteRequest(bucket: bucket, path: "/nope", head: false)
        #expect(missing.status == 404 && missing.bodyText == "<h1>Missing</h1>")
        let head = try s3.websiteRequest(bucket: bucket, path: "/", head: true)
        #expect(head.status == 200 && head.body.isEmpty && head.headers["content-length"] == "13")
    }

    @Test func missingErrorDocumentGivesS3sErrorPage() throws {
        try s3.putBucketWebsite(bucket: bucket, configuration: WebsiteConfiguration(indexDocumentSuffix: "index.html", errorDocumentKey: "gone.html"))
        let response = try s3.websiteRequest(bucket: bucket, path: "/nope.html", head: false)
        #expect(response.status == 404)
        #expect(response.bodyText.contains("<li>Code: NoSuchKey</li>"))
        #expect(response.bodyText.contains("<li>Key: nope.html</li>"))
    }

    @Test func redirectsNeverLeaveForAnotherHost() throws {
        try s3.putBucketWebsite(bucket: bucket, configuration: WebsiteConfiguration(
            indexDocumentSuffix: "index.html", routingRules: [RoutingRule(httpErrorCodeReturnedEquals: 404, httpRedirectCode: 302)]))
        let answer = try s3.websiteRequest(bucket: bucket, path: "//evil.example/x y", head: false)
        #expect(answer.status == 302)
        #expect(answer.headers["location"] == "/%2Fevil.example/x%20y", "a leading slash is encoded: //host would leave the site")
        _ = try s3.putObject(PutObjectRequest(bucket: bucket, key: "/evil.example/index.html", body: Data("x".utf8)))
        let slash = try s3.websiteRequest(bucket: bucket, path: "//evil.example", head: false)
        #expect(slash.status == 302 && slash.headers["location"] == "/%2Fevil.example/")
    }

    @Test func redirectsAndRoutingRules() throws {
        _ = try s3.putObject(PutObjectRequest(bucket: bucket, key: "old.html", body: Data(), websiteRedirectLocation: "/index.html"))
        try s3.putBucketWebsite(bucket: bucket, configuration: WebsiteConfiguration(
            indexDocumentSuffix: "index.html",
            routingRules: [RoutingRule(keyPrefixEquals: "docs/", replaceKeyPrefixWith: "documents/"),
                           RoutingRule(httpErrorCodeReturnedEquals: 404, hostName: "fallback.example.com", httpRedirectCode: 302)]))
        let moved = try s3.websiteRequest(bucket: bucket, path: "/old.html", head: false)
        #expect(moved.status == 301 && moved.headers["location"] == "/index.html")
        let docs = try s3.websiteRequest(bucket: bucket, path: "/docs/a.html", head: false)
        #expect(docs.status == 301 && docs.headers["location"] == "/documents/a.html")
        let fallback = try s3.websiteRequest(bucket: bucket, path: "/missing", head: false)
        #expect(fallback.status == 302 && fallback.headers["location"] == "http://fallback.example.com/missing")
        try s3.putBucketWebsite(bucket: bucket, configuration: WebsiteConfiguration(redirectAllRequestsTo: WebsiteRedirect(hostName: "example.com", protocol: "https")))
        #expect(try s3.websiteRequest(bucket: bucket, path: "/x", head: false).headers["location"] == "https://example.com/x")
        _ = expectAWSError("InvalidArgument") {
            try s3.putBucketWebsite(bucket: bucket, configuration: WebsiteConfiguration())
        }
        _ = expectAWSError("InvalidArgument") {
            try s3.putBucketWebsite(bucket: bucket, configuration: WebsiteConfiguration(indexDocumentSuffix: "a/b.html"))
        }
        try s3.deleteBucketWebsite(bucket: bucket)
        #expect(try s3.websiteRequest(bucket: bucket, path: "/", head: false).status == 404)
    }
}
