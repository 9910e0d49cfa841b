import AWSPorts
import Foundation
import SimKernel

extension SimulatedS3 {
    public func putObject(_ request: PutObjectRequest) throws(AWSError) -> PutObjectResult {
        try context.perform(.s3, "PutObject", resource: request.bucket, payloadBytes: request.body.count) { db, _ in
            let bucketId = try existingBucketId(db, request.bucket)
            try validateKey(request.key)
            let metadata = UserMetadata.normalise(request.metadata)
            let metadataSize = UserMetadata.size(metadata)
            if metadataSize > 2048 { throw S3Errors.metadataTooLarge(metadataSize) }
            let eTag = "\"" + Digests.md5Hex(request.body) + "\""
            try store(
                db, bucketId: bucketId, key: request.key, body: request.body, eTag: eTag,
                contentType: request.contentType ?? "binary/octet-stream", metadata: metadata,
                cacheControl: request.cacheControl, websiteRedirect: request.websiteRedirectLocation)
            try context.database.appendEvent(
                db, service: .s3, operation: "PutObject", at: now,
                keys: ["bucket": request.bucket, "key": request.key, "eTag": eTag, "size": String(request.body.count)])
            return PutObjectResult(eTag: eTag)
        }
    }

    public func getObject(_ request: GetObjectRequest) throws(AWSError) -> S3Object {
        try context.perform(.s3, "GetObject", resource: request.bucket, readOnly: true) { db, _ in
            let bucketId = try existingBucketId(db, request.bucket)
            guard let (record, body) = try loadWithBody(db, bucketId: bucketId, key: request.key) else {
                throw S3Errors.noSuchKey(request.bucket, request.key)
            }
            try checkConditions(record.metadata, request)
            guard let rangeText = request.range, let range = try ByteRange.parse(rangeText, size: body.count) else {
                return S3Object(metadata: record.metadata, body: body, contentRange: nil)
            }
            return S3Object(
                metadata: record.metadata, body: body.subdata(in: range.lowerBound..<(range.upperBound + 1)),
                contentRange: "bytes \(range.lowerBound)-\(range.upperBound)/\(body.count)")
        }
    }

    public func headObject(bucket: String, key: String) throws(AWSError) -> ObjectMetadata {
        try context.perform(.s3, "HeadObject", resource: bucket, readOnly: true) { db, _ in
            guard let bucketId = try bucketId(db, bucket), let record = try load(db, bucketId: bucketId, key: key) else {
                throw S3Errors.notFound()
            }
            return record.metadata
        }
    }

    public func deleteObject(bucket: String, key: String) throws(AWSError) {
        try context.perform(.s3, "DeleteObject", resource: bucket) { db, _ in
            let bucketId = try existingBucketId(db, bucket)
            let deleted = try db.sql("DELETE FROM s3_object WHERE bucket_id = ? AND key = ?")
                .execute(.integer(bucketId), .text(key))
            try context.database.appendEvent(
                db, service: .s3, operation: "DeleteObject", at: now,
                keys: ["bucket": bucket, "key": key, "existed": deleted > 0 ? "true" : "false"])
        }
    }

    public func deleteObjects(bucket: String, keys: [String], quiet: Bool) throws(AWSError) -> DeleteObjectsResult {
        try context.perform(.s3, "DeleteObjects", resource: bucket, batchEntryIDs: keys) { db, decision in
            let bucketId = try existingBucketId(db, bucket)
            guard !keys.isEmpty, keys.count <= 1000 else { throw S3Errors.malformedXML() }
            var deleted: [String] = []
            var errors: [DeleteObjectsError] = []
            let statement = try db.sql("DELETE FROM s3_object WHERE bucket_id = ? AND key = ?")
            for key in keys {
                if let injected = decision.failedBatchEntries[key] {
                    errors.append(DeleteObjectsError(key: key, code: injected.code, message: injected.message))
                    continue
                }
                try statement.execute(.integer(bucketId), .text(key))
                deleted.append(key)
            }
            try context.database.appendEvent(
                db, service: .s3, operation: "DeleteObjects", at: now,
                keys: ["bucket": bucket, "keys": deleted.joined(separator: ","), "failed": errors.map(\.key).joined(separator: ",")])
            return DeleteObjectsResult(deleted: quiet ? [] : deleted, errors: errors)
        }
    }

    public func copyObject(_ request: CopyObjectRequest) throws(AWSError) -> CopyObjectResult {
        try context.perform(.s3, "CopyObject", resource: request.bucket) { db, _ in
            let sourceBucketId = try existingBucketId(db, request.sourceBucket)
            let targetBucketId = try existingBucketId(db, request.bucket)
            try validateKey(request.key)
            guard let (source, body) = try loadWithBody(db, bucketId: sourceBucketId, key: request.sourceKey) else {
                throw S3Errors.noSuchKey(request.sourceBucket, request.sourceKey)
            }
            let sameObject = request.sourceBucket == request.bucket && request.sourceKey == request.key
            if sameObject && request.metadataDirective == .copy && request.websiteRedirectLocation == nil {
                throw S3Errors.invalidRequest(
                    "This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata, storage class, website redirect location or encryption attributes.")
            }
            let replacing = request.metadataDirective == .replace
            let metadata = replacing ? UserMetadata.normalise(request.metadata) : source.metadata.metadata
            try store(
                db, bucketId: targetBucketId, key: request.key, body: body, eTag: source.metadata.eTag,
                contentType: replacing ? (request.contentType ?? "binary/octet-stream") : source.metadata.contentType,
                metadata: metadata, cacheControl: replacing ? request.cacheControl : source.metadata.cacheControl,
                websiteRedirect: request.websiteRedirectLocation)
            try context.database.appendEvent(
                db, service: .s3, operation: "CopyObject", at: now,
                keys: [
                    "source": request.sourceBucket + "/" + request.sourceKey, "bucket": request.bucket,
                    "key": request.key, "eTag": source.metadata.eTag,
                ])
            return CopyObjectResult(eTag: source.metadata.eTag, lastModified: lastModifiedNow)
        }
    }

    // MARK: Storage

    func store(
        _ db: DatabaseAccess, bucketId: Int64, key: String, body: Data, eTag: String, contentType: String,
        metadata: [String: String], cacheControl: String?, websiteRedirect: String?
    ) throws {
        try db.sql(
            """
            INSERT INTO s3_object (bucket_id, key, body, size, etag, content_type, metadata, cache_control,
                website_redirect, last_modified_ns)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (bucket_id, key) DO UPDATE SET body = excluded.body, size = excluded.size,
                etag = excluded.etag, content_type = excluded.content_type, metadata = excluded.metadata,
                cache_control = excluded.cache_control, website_redirect = excluded.website_redirect,
                last_modified_ns = excluded.last_modified_ns
            """
        ).execute(
            .integer(bucketId), .text(key), .blob(body), .int(body.count), .text(eTag), .text(contentType),
            .optionalText(UserMetadata.encode(metadata)), .optionalText(cacheControl), .optionalText(websiteRedirect),
            .integer(lastModifiedNow.nanosecondsSinceUnixEpoch))
    }

    func load(_ db: DatabaseAccess, bucketId: Int64, key: String) throws -> ObjectRecord? {
        try db.sql(
            """
            SELECT id, key, size, etag, content_type, metadata, cache_control, website_redirect, last_modified_ns
            FROM s3_object WHERE bucket_id = ? AND key = ?
            """
        ).first(.integer(bucketId), .text(key), decode: ObjectRecord.init(row:))
    }

    func loadWithBody(_ db: DatabaseAccess, bucketId: Int64, key: String) throws -> (ObjectRecord, Data)? {
        try db.sql(
            """
            SELECT id, key, size, etag, content_type, metadata, cache_control, website_redirect, last_modified_ns, body
            FROM s3_object WHERE bucket_id = ? AND key = ?
            """
        ).first(.integer(bucketId), .text(key)) { (ObjectRecord(row: $0), $0.data(9)) }
    }

    func validateKey(_ key: String) throws(AWSError) {
        if key.isEmpty { throw S3Errors.invalidArgument("Object key must not be empty", name: "key", value: key) }
        if key.utf8.count > 1024 { throw S3Errors.keyTooLong() }
    }

    /// RFC 9110's order, as S3 applies it: If-Match, else If-Unmodified-Since; then If-None-Match, else
    /// If-Modified-Since.
    private func checkConditions(_ object: ObjectMetadata, _ request: GetObjectRequest) throws(AWSError) {
        let eTag = object.eTag
        let ifMatch = request.ifMatch, ifNoneMatch = request.ifNoneMatch
        func matches(_ condition: String) -> Bool {
            condition.split(separator: ",").contains { candidate in
                let trimmed = candidate.trimmingCharacters(in: .whitespaces)
                return trimmed == "*" || trimmed == eTag || "\"" + trimmed + "\"" == eTag
            }
        }
        if let ifMatch, !matches(ifMatch) { throw S3Errors.preconditionFailed("If-Match") }
        if ifMatch == nil, let since = request.ifUnmodifiedSince, object.lastModified > since {
            throw S3Errors.preconditionFailed("If-Unmodified-Since")
        }
        if let ifNoneMatch, matches(ifNoneMatch) { throw S3Errors.notModified() }
        if ifNoneMatch == nil, let since = request.ifModifiedSince, object.lastModified <= since { throw S3Errors.notModified() }
    }
}

/// An HTTP byte range resolved against an object's size (RFC 9110): `bytes=a-b`, `bytes=a-`, `bytes=-n`.
enum ByteRange {
    /// Nil when the header is not a single byte range (S3 then returns the whole object).
    static func parse(_ header: String, size: Int) throws(AWSError) -> ClosedRange<Int>? {
        guard header.hasPrefix("bytes="), !header.contains(",") else { return nil }
        let spec = header.dropFirst(6)
        guard let dash = spec.firstIndex(of: "-") else { return nil }
        let first = spec[..<dash]
        let last = spec[spec.index(after: dash)...]
        if first.isEmpty {
            guard let suffix = Int(last), suffix > 0 else { return nil }
            if size == 0 { throw S3Errors.invalidRange(size: size, requested: header) }
            return max(0, size - suffix)...(size - 1)
        }
        guard let start = Int(first), start >= 0 else { return nil }
        let end: Int
        if last.isEmpty {
            end = size - 1
        } else {
            guard let parsed = Int(last), parsed >= start else { return nil }
            end = min(parsed, size - 1)
        }
        if start >= size { throw S3Errors.invalidRange(size: size, requested: header) }
        return start...end
    }
}
