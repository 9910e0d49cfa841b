import AWSPorts
import AWSSim
import Foundation
import SimKernel

/// S3's REST protocol: the operation is the method, whether the path names a bucket or an object, and the
/// query's sub-resources (`?uploads`, `?uploadId=`, `?list-type=2`, `?website`, `?delete`, ...). Every answer
/// and error is S3's XML; HEAD answers carry headers only.
enum S3Handler {
    /// Sub-resources S3 has that wsim does not serve: a request naming one gets 501, never a wrong answer.
    static let unservedSubresources: Set<String> = [
        "acl", "policy", "cors", "versioning", "tagging", "lifecycle", "encryption", "logging", "notification",
        "replication", "requestPayment", "accelerate", "analytics", "inventory", "metrics", "ownershipControls",
        "publicAccessBlock", "object-lock", "legal-hold", "retention", "restore", "select", "torrent", "versions",
        "intelligent-tiering", "policyStatus", "attributes", "session",
    ]

    static func handle(_ request: WireRequest, bucket: String?, key: String?, _ context: WireContext) -> WireResponse {
        let head = request.method == "HEAD"
        do throws(AWSError) {
            if request.pathDecodingFailed { throw S3WireErrors.invalidURI() }
            if let unserved = request.query.first(where: { unservedSubresources.contains($0.name) }) {
                throw S3WireErrors.notImplemented("the S3 sub-resource ?\(unserved.name)")
            }
            if let unserved = unservedFeature(request, isObject: key != nil) { throw S3WireErrors.notImplemented(unserved) }
            guard let bucket else {
                guard request.method == "GET" else { throw S3WireErrors.methodNotAllowed(request.method, "SERVICE") }
                return listBuckets(context)
            }
            if let key {
                return try object(request, bucket: bucket, key: key, context)
            }
            return try self.bucket(request, bucket: bucket, context)
        } catch {
            return S3Answers.error(error, requestId: context.requestId, head: head)
        }
    }

    private static func has(_ request: WireRequest, _ name: String) -> Bool { request.query.contains { $0.name == name } }

    /// What a request asks for that wsim does not do, named, so that it is refused rather than half done.
    static func unservedFeature(_ request: WireRequest, isObject: Bool) -> String? {
        if request.pathDecodingFailed { return nil }
        if has(request, "versionId") { return "object versions (?versionId)" }
        if request.method == "PUT", request.header("if-match") != nil || request.header("if-none-match") != nil {
            return "conditional writes (If-Match or If-None-Match on PUT)"
        }
        if let name = request.headers.keys.sorted().first(where: { $0.hasPrefix("x-amz-copy-source-if-") }) { return "copy conditions (\(name))" }
        if let source = request.header("x-amz-copy-source"), source.contains("versionId=") { return "copies of object versions" }
        if isObject, request.method == "GET" || request.method == "HEAD", has(request, "partNumber") { return "reads of one part (?partNumber)" }
        if let sse = request.headers.keys.sorted().first(where: { $0.hasPrefix("x-amz-server-side-encryption") }) { return "server-side encryption (\(sse))" }
        return nil
    }

    // MARK: Buckets

    private static func listBuckets(_ context: WireContext) -> WireResponse {
        do throws(AWSError) {
            var buckets: [BucketSummary] = []
            for region in context.everyRegion.isEmpty ? [context.aws] : context.everyRegion { buckets += try region.s3.listBuckets() }
            buckets.sort { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) }
            return S3Answers.document("ListAllMyBucketsResult", requestId: context.requestId) { xml in
                xml.open("Owner")
                xml.element("ID", ServedAccount.ownerId)
                xml.element("DisplayName", "wsim")
                xml.close("Owner")
                xml.open("Buckets")
                for bucket in buckets {
                    xml.open("Bucket")
                    xml.element("Name", bucket.name)
                    xml.element("CreationDate", bucket.creationDate.iso8601)
                    xml.close("Bucket")
                }
                xml.close("Buckets")
            }
        } catch {
            return S3Answers.error(error, requestId: context.requestId, head: false)
        }
    }

    private static func bucket(_ request: WireRequest, bucket: String, _ context: WireContext) throws(AWSError) -> WireResponse {
        let s3 = context.aws.s3
        let id = context.requestId
        switch request.method {
        case "PUT":
            let body = try S3Payload.read(request).body
            if has(request, "website") {
                try s3.putBucketWebsite(bucket: bucket, configuration: try S3Documents.websiteConfiguration(body))
                return S3Answers.empty(200, requestId: id)
            }
            if !body.isEmpty {
                let configuration = try S3Documents.root(body, expected: "CreateBucketConfiguration")
                let region = context.aws.account.region
                if let constraint = configuration.value("LocationConstraint"), !constraint.isEmpty, constraint != region {
                    throw S3WireErrors.illegalLocationConstraint(constraint, region: region)
                }
            }
            try s3.createBucket(bucket)
            return S3Answers.empty(200, requestId: id, headers: [("Location", "/" + bucket)])
        case "HEAD":
            try s3.headBucket(bucket)
            return S3Answers.empty(200, requestId: id, headers: [("x-amz-bucket-region", context.aws.account.region)])
        case "DELETE":
            if has(request, "website") {
                try s3.deleteBucketWebsite(bucket: bucket)
            } else {
                try s3.deleteBucket(bucket)
            }
            return S3Answers.empty(204, requestId: id)
        case "POST":
            guard has(request, "delete") else { throw S3WireErrors.notImplemented("browser-form uploads (POST to a bucket)") }
            let (keys, quiet) = try S3Documents.deleteList(try S3Payload.read(request).body)
            let result = try s3.deleteObjects(bucket: bucket, keys: keys, quiet: quiet)
            return S3Answers.document("DeleteResult", requestId: id) { xml in
                for key in result.deleted {
                    xml.open("Deleted")
                    xml.element("Key", key)
                    xml.close("Deleted")
                }
                for failure in result.errors {
                    xml.open("Error")
                    xml.element("Key", failure.key)
                    xml.element("Code", failure.code)
                    xml.element("Message", failure.message)
                    xml.close("Error")
                }
            }
        case "GET":
            if has(request, "website") {
                return S3Answers.websiteConfiguration(try s3.getBucketWebsite(bucket: bucket), requestId: id)
            }
            if has(request, "location") {
                try s3.headBucket(bucket)
                let region = context.aws.account.region
                // us-east-1 answers an empty constraint, as S3 does.
                return S3Answers.document("LocationConstraint", requestId: id) { xml in xml.characters(region == "us-east-1" ? "" : region) }
            }
            if has(request, "uploads") {
                for name in ["delimiter", "key-marker", "upload-id-marker"] where has(request, name) {
                    throw S3WireErrors.notImplemented("ListMultipartUploads with \(name)")
                }
                let prefix = request.queryValue("prefix") ?? ""
                var limit = 1000
                if let text = request.queryValue("max-uploads") {
                    guard let value = Int(text), value >= 0 else {
                        throw S3WireErrors.invalidArgument("Provided max-uploads not an integer or within integer range", name: "max-uploads", value: text)
                    }
                    limit = min(value, 1000)
                }
                let matching = try s3.listMultipartUploads(bucket: bucket).filter { $0.key.utf8.starts(with: prefix.utf8) }
                let uploads = Array(matching.prefix(limit))
                let truncated = matching.count > uploads.count
                return S3Answers.document("ListMultipartUploadsResult", requestId: id) { xml in
                    xml.element("Bucket", bucket)
                    xml.element("Prefix", prefix)
                    xml.element("MaxUploads", String(limit))
                    xml.element("IsTruncated", truncated ? "true" : "false")
                    if truncated, let last = uploads.last {
                        xml.element("NextKeyMarker", last.key)
                        xml.element("NextUploadIdMarker", last.uploadId)
                    }
                    for upload in uploads {
                        xml.open("Upload")
                        xml.element("Key", upload.key)
                        xml.element("UploadId", upload.uploadId)
                        xml.element("Initiated", upload.initiated.iso8601)
                        xml.element("StorageClass", "STANDARD")
                        xml.close("Upload")
                    }
                }
            }
            return try list(request, bucket: bucket, context)
        default:
            throw S3WireErrors.methodNotAllowed(request.method, "BUCKET")
        }
    }

    private static func list(_ request: WireRequest, bucket: String, _ context: WireContext) throws(AWSError) -> WireResponse {
        let version = request.queryValue("list-type") == "2" ? 2 : 1
        if let type = request.queryValue("list-type"), type != "2" {
            throw S3WireErrors.invalidArgument("Invalid List Type specified", name: "list-type", value: type)
        }
        var maxKeys = 1000
        if let text = request.queryValue("max-keys") {
            guard let value = Int(text), value >= 0 else {
                throw S3WireErrors.invalidArgument("Provided max-keys not an integer or within integer range", name: "max-keys", value: text)
            }
            maxKeys = value
        }
        let encoding = request.queryValue("encoding-type")
        if let encoding, encoding != "url" {
            throw S3WireErrors.invalidArgument("Invalid Encoding Method specified in Request", name: "encoding-type", value: encoding)
        }
        let marker = version == 1 ? request.queryValue("marker") : nil
        let result = try context.aws.s3.listObjectsV2(ListObjectsV2Request(
            bucket: bucket, prefix: request.queryValue("prefix"), delimiter: request.queryValue("delimiter"), maxKeys: maxKeys,
            continuationToken: version == 2 ? request.queryValue("continuation-token") : nil,
            startAfter: version == 2 ? request.queryValue("start-after") : marker, markerSkipsItsPrefix: version == 1))
        return S3Answers.listing(result, version: version, marker: marker, urlEncoded: encoding == "url", requestId: context.requestId)
    }

    // MARK: Objects

    private static func object(_ request: WireRequest, bucket: String, key: String, _ context: WireContext) throws(AWSError) -> WireResponse {
        let s3 = context.aws.s3
        let id = context.requestId
        let uploadId = request.queryValue("uploadId")
        switch request.method {
        case "PUT":
            if let uploadId {
                guard request.header("x-amz-copy-source") == nil else { throw S3WireErrors.notImplemented("UploadPartCopy") }
                let text = request.queryValue("partNumber") ?? ""
                guard let number = Int(text) else {
                    throw S3WireErrors.invalidArgument("Part number must be an integer between 1 and 10000, inclusive", name: "partNumber", value: text)
                }
                let payload = try S3Payload.read(request)
                let eTag = try s3.uploadPart(bucket: bucket, key: key, uploadId: uploadId, partNumber: number, body: payload.body)
                return S3Answers.empty(200, requestId: id, headers: [("ETag", eTag)] + payload.checksums)
            }
            if let source = request.header("x-amz-copy-source") {
                return try copy(request, source: source, bucket: bucket, key: key, context)
            }
            let payload = try S3Payload.read(request)
            let result = try s3.putObject(PutObjectRequest(
                bucket: bucket, key: key, body: payload.body, contentType: request.header("content-type"),
                metadata: userMetadata(request), cacheControl: request.header("cache-control"),
                websiteRedirectLocation: request.header("x-amz-website-redirect-location")))
            return S3Answers.empty(200, requestId: id, headers: [("ETag", result.eTag)] + payload.checksums)
        case "GET", "HEAD":
            let head = request.method == "HEAD"
            if let uploadId, !head { return try listParts(request, bucket: bucket, key: key, uploadId: uploadId, context) }
            let conditional = ["range", "if-match", "if-none-match", "if-modified-since", "if-unmodified-since"].contains { request.header($0) != nil }
            if head && !conditional {
                let metadata = try s3.headObject(bucket: bucket, key: key)
                return WireResponse(
                    status: 200,
                    headers: [("x-amz-request-id", id)] + S3Answers.objectHeaders(metadata) + [("Content-Length", String(metadata.contentLength))])
            }
            let object = try s3.getObject(GetObjectRequest(
                bucket: bucket, key: key, range: request.header("range"), ifMatch: request.header("if-match"),
                ifNoneMatch: request.header("if-none-match"), ifModifiedSince: request.header("if-modified-since").flatMap(HTTPDate.parse),
                ifUnmodifiedSince: request.header("if-unmodified-since").flatMap(HTTPDate.parse)))
            var headers = [("x-amz-request-id", id)] + S3Answers.objectHeaders(object.metadata)
            if let range = object.contentRange { headers.append(("Content-Range", range)) }
            headers.append(("Content-Length", String(object.body.count)))
            return WireResponse(status: object.contentRange == nil ? 200 : 206, headers: headers, body: head ? Data() : object.body)
        case "DELETE":
            if let uploadId {
                try s3.abortMultipartUpload(bucket: bucket, key: key, uploadId: uploadId)
            } else {
                try s3.deleteObject(bucket: bucket, key: key)
            }
            return S3Answers.empty(204, requestId: id)
        case "POST":
            if has(request, "uploads") {
                let uploadId = try s3.createMultipartUpload(CreateMultipartUploadRequest(
                    bucket: bucket, key: key, contentType: request.header("content-type"), metadata: userMetadata(request),
                    cacheControl: request.header("cache-control"), websiteRedirectLocation: request.header("x-amz-website-redirect-location")))
                return S3Answers.document("InitiateMultipartUploadResult", requestId: id) { xml in
                    xml.element("Bucket", bucket)
                    xml.element("Key", key)
                    xml.element("UploadId", uploadId)
                }
            }
            if let uploadId {
                let parts = try S3Documents.completedParts(try S3Payload.read(request).body)
                let result = try s3.completeMultipartUpload(bucket: bucket, key: key, uploadId: uploadId, parts: parts)
                return S3Answers.document("CompleteMultipartUploadResult", requestId: id) { xml in
                    xml.element("Location", "\(context.endpoint)/\(bucket)/\(KeyEncoding.percentEncoded(key))")
                    xml.element("Bucket", bucket)
                    xml.element("Key", key)
                    xml.element("ETag", result.eTag)
                }
            }
            throw S3WireErrors.notImplemented("POST on an object without ?uploads or ?uploadId")
        default:
            throw S3WireErrors.methodNotAllowed(request.method, "OBJECT")
        }
    }

    private static func copy(_ request: WireRequest, source: String, bucket: String, key: String, _ context: WireContext) throws(AWSError) -> WireResponse {
        var path = source.split(separator: "?", maxSplits: 1).first.map(String.init) ?? source
        path = path.removingPercentEncoding ?? path
        if path.hasPrefix("/") { path.removeFirst() }
        guard let slash = path.firstIndex(of: "/"), slash != path.startIndex, path.index(after: slash) != path.endIndex else {
            throw S3WireErrors.invalidArgument("Copy Source must mention the source bucket and key: sourcebucket/sourcekey", name: "x-amz-copy-source", value: source)
        }
        let directiveText = request.header("x-amz-metadata-directive") ?? "COPY"
        guard let directive = MetadataDirective(rawValue: directiveText) else {
            throw S3WireErrors.invalidArgument("Unknown metadata directive.", name: "x-amz-metadata-directive", value: directiveText)
        }
        let result = try context.aws.s3.copyObject(CopyObjectRequest(
            sourceBucket: String(path[..<slash]), sourceKey: String(path[path.index(after: slash)...]), bucket: bucket, key: key,
            metadataDirective: directive, contentType: request.header("content-type"), metadata: userMetadata(request),
            websiteRedirectLocation: request.header("x-amz-website-redirect-location"), cacheControl: request.header("cache-control")))
        return S3Answers.document("CopyObjectResult", requestId: context.requestId) { xml in
            xml.element("LastModified", result.lastModified.iso8601)
            xml.element("ETag", result.eTag)
        }
    }

    private static func listParts(_ request: WireRequest, bucket: String, key: String, uploadId: String, _ context: WireContext) throws(AWSError) -> WireResponse {
        func number(_ name: String, _ fallback: Int) throws(AWSError) -> Int {
            guard let text = request.queryValue(name) else { return fallback }
            guard let value = Int(text), value >= 0 else {
                throw S3WireErrors.invalidArgument("Provided \(name) not an integer or within integer range", name: name, value: text)
            }
            return value
        }
        let result = try context.aws.s3.listParts(
            bucket: bucket, key: key, uploadId: uploadId, maxParts: try number("max-parts", 1000),
            partNumberMarker: try number("part-number-marker", 0))
        return S3Answers.document("ListPartsResult", requestId: context.requestId) { xml in
            xml.element("Bucket", bucket)
            xml.element("Key", key)
            xml.element("UploadId", uploadId)
            xml.element("PartNumberMarker", String(result.partNumberMarker))
            if let next = result.nextPartNumberMarker { xml.element("NextPartNumberMarker", String(next)) }
            xml.element("MaxParts", String(result.maxParts))
            xml.element("IsTruncated", result.isTruncated ? "true" : "false")
            xml.element("StorageClass", "STANDARD")
            for part in result.parts {
                xml.open("Part")
                xml.element("PartNumber", String(part.partNumber))
                xml.element("LastModified", part.lastModified.iso8601)
                xml.element("ETag", part.eTag)
                xml.element("Size", String(part.size))
                xml.close("Part")
            }
        }
    }

    /// `x-amz-meta-*` headers, names without the prefix.
    static func userMetadata(_ request: WireRequest) -> [String: String] {
        var metadata: [String: String] = [:]
        for (name, value) in request.headers where name.hasPrefix("x-amz-meta-") {
            metadata[String(name.dropFirst("x-amz-meta-".count))] = value
        }
        return metadata
    }
}
