import AWSPorts
import Foundation
import SimKernel

/// Multipart uploads: parts stored apart until `CompleteMultipartUpload` joins them into one object, as S3
/// does (parts 1 to 10000; every part but the last at least 5 MiB; the ETag is the MD5 of the parts'
/// binary MD5s, a dash and the part count).
extension SimulatedS3 {
    static let minimumPartSize = 5 * 1024 * 1024
    static let partNumbers = 1...10_000

    public func createMultipartUpload(_ request: CreateMultipartUploadRequest) throws(AWSError) -> String {
        try context.perform(.s3, "CreateMultipartUpload", resource: request.bucket) { db, _ in
            let bucketId = try existingBucketId(db, request.bucket)
            try validateKey(request.key)
            let metadata = UserMetadata.normalise(request.metadata)
            let metadataSize = UserMetadata.size(metadata)
            if metadataSize > 2048 { throw S3Errors.metadataTooLarge(metadataSize) }
            // A database kept across a reset may hold ids this stream drew before: draw again on a clash.
            var uploadId = uploadIds.alphanumeric(count: 32)
            let taken = try db.sql("SELECT 1 FROM s3_upload WHERE upload_id = ?")
            while try taken.first(.text(uploadId), decode: { _ in true }) != nil { uploadId = uploadIds.alphanumeric(count: 32) }
            try db.sql(
                """
                INSERT INTO s3_upload (upload_id, bucket_id, key, content_type, metadata, cache_control, website_redirect, initiated_ns)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """
            ).execute(
                .text(uploadId), .integer(bucketId), .text(request.key), .text(request.contentType ?? "binary/octet-stream"),
                .optionalText(UserMetadata.encode(metadata)), .optionalText(request.cacheControl),
                .optionalText(request.websiteRedirectLocation), .integer(now.nanosecondsSinceUnixEpoch))
            try context.database.appendEvent(
                db, service: .s3, operation: "CreateMultipartUpload", at: now,
                keys: ["bucket": request.bucket, "key": request.key, "uploadId": uploadId])
            return uploadId
        }
    }

    public func uploadPart(bucket: String, key: String, uploadId: String, partNumber: Int, body: Data) throws(AWSError) -> String {
        try context.perform(.s3, "UploadPart", resource: bucket, payloadBytes: body.count) { db, _ in
            let bucketId = try existingBucketId(db, bucket)
            guard Self.partNumbers.contains(partNumber) else {
                throw S3Errors.invalidArgument(
                    "Part number must be an integer between 1 and 10000, inclusive", name: "partNumber", value: String(partNumber))
            }
            try existingUpload(db, bucketId: bucketId, key: key, uploadId: uploadId)
            let eTag = "\"" + Digests.md5Hex(body) + "\""
            try db.sql(
                """
                INSERT INTO s3_part (upload_id, part_number, body, size, etag, last_modified_ns) VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (upload_id, part_number) DO UPDATE SET body = excluded.body, size = excluded.size,
                    etag = excluded.etag, last_modified_ns = excluded.last_modified_ns
                """
            ).execute(
                .text(uploadId), .int(partNumber), .blob(body), .int(body.count), .text(eTag),
                .integer(lastModifiedNow.nanosecondsSinceUnixEpoch))
            try context.database.appendEvent(
                db, service: .s3, operation: "UploadPart", at: now,
                keys: ["bucket": bucket, "key": key, "uploadId": uploadId, "partNumber": String(partNumber), "eTag": eTag])
            return eTag
        }
    }

    public func listParts(bucket: String, key: String, uploadId: String, maxParts: Int, partNumberMarker: Int) throws(AWSError) -> ListPartsResult {
        try context.perform(.s3, "ListParts", resource: bucket, readOnly: true) { db, _ in
            let bucketId = try existingBucketId(db, bucket)
            try existingUpload(db, bucketId: bucketId, key: key, uploadId: uploadId)
            guard maxParts >= 0 else {
                throw S3Errors.invalidArgument("Argument max-parts must be an integer between 0 and 2147483647", name: "max-parts", value: String(maxParts))
            }
            let limit = min(maxParts, 1000)
            let rows = try db.sql(
                "SELECT part_number, etag, size, last_modified_ns FROM s3_part WHERE upload_id = ? AND part_number > ? ORDER BY part_number LIMIT ?"
            ).all(.text(uploadId), .int(partNumberMarker), .int(limit + 1)) {
                UploadedPart(partNumber: $0.int(0), eTag: $0.string(1), size: $0.int(2), lastModified: Instant(nanosecondsSinceUnixEpoch: $0.int64(3)))
            }
            let parts = Array(rows.prefix(limit))
            let truncated = rows.count > limit
            return ListPartsResult(
                parts: parts, maxParts: limit, partNumberMarker: partNumberMarker,
                nextPartNumberMarker: parts.last?.partNumber, isTruncated: truncated)
        }
    }

    public func completeMultipartUpload(bucket: String, key: String, uploadId: String, parts: [CompletedPart]) throws(AWSError) -> PutObjectResult {
        try context.perform(.s3, "CompleteMultipartUpload", resource: bucket) { db, _ in
            let bucketId = try existingBucketId(db, bucket)
            let upload = try existingUpload(db, bucketId: bucketId, key: key, uploadId: uploadId)
            guard !parts.isEmpty else { throw S3Errors.invalidRequest("You must specify at least one part") }
            for (previous, next) in zip(parts, parts.dropFirst()) where next.partNumber <= previous.partNumber {
                throw S3Errors.invalidPartOrder()
            }
            let select = try db.sql("SELECT etag, size, body FROM s3_part WHERE upload_id = ? AND part_number = ?")
            var body = Data()
            var digests: [UInt8] = []
            for (index, part) in parts.enumerated() {
                guard let (eTag, size, data) = try select.first(.text(uploadId), .int(part.partNumber), decode: { ($0.string(0), $0.int(1), $0.data(2)) }),
                    Self.sameETag(eTag, part.eTag)
                else { throw S3Errors.invalidPart(part.partNumber, eTag: part.eTag) }
                if index < parts.count - 1 && size < Self.minimumPartSize {
                    throw S3Errors.entityTooSmall(partNumber: part.partNumber, size: size)
                }
                body.append(data)
                digests += Digests.md5(data)
            }
            let eTag = "\"" + Digests.md5Hex(digests) + "-\(parts.count)\""
            try store(
                db, bucketId: bucketId, key: key, body: body, eTag: eTag, contentType: upload.contentType,
                metadata: upload.metadata, cacheControl: upload.cacheControl, websiteRedirect: upload.websiteRedirect)
            try dropUpload(db, uploadId)
            try context.database.appendEvent(
                db, service: .s3, operation: "CompleteMultipartUpload", at: now,
                keys: ["bucket": bucket, "key": key, "uploadId": uploadId, "eTag": eTag, "size": String(body.count)])
            return PutObjectResult(eTag: eTag)
        }
    }

    public func abortMultipartUpload(bucket: String, key: String, uploadId: String) throws(AWSError) {
        try context.perform(.s3, "AbortMultipartUpload", resource: bucket) { db, _ in
            let bucketId = try existingBucketId(db, bucket)
            try existingUpload(db, bucketId: bucketId, key: key, uploadId: uploadId)
            try dropUpload(db, uploadId)
            try context.database.appendEvent(
                db, service: .s3, operation: "AbortMultipartUpload", at: now,
                keys: ["bucket": bucket, "key": key, "uploadId": uploadId])
        }
    }

    public func listMultipartUploads(bucket: String) throws(AWSError) -> [MultipartUpload] {
        try context.perform(.s3, "ListMultipartUploads", resource: bucket, readOnly: true) { db, _ in
            let bucketId = try existingBucketId(db, bucket)
            return try db.sql("SELECT upload_id, key, initiated_ns FROM s3_upload WHERE bucket_id = ? ORDER BY key, initiated_ns, upload_id")
                .all(.integer(bucketId)) {
                    MultipartUpload(uploadId: $0.string(0), key: $0.string(1), initiated: Instant(nanosecondsSinceUnixEpoch: $0.int64(2)))
                }
        }
    }

    /// Removes the uploads of a bucket being deleted.
    func dropUploads(_ db: DatabaseAccess, bucketId: Int64) throws {
        try db.sql("DELETE FROM s3_part WHERE upload_id IN (SELECT upload_id FROM s3_upload WHERE bucket_id = ?)").execute(.integer(bucketId))
        try db.sql("DELETE FROM s3_upload WHERE bucket_id = ?").execute(.integer(bucketId))
    }

    private func dropUpload(_ db: DatabaseAccess, _ uploadId: String) throws {
        try db.sql("DELETE FROM s3_part WHERE upload_id = ?").execute(.text(uploadId))
        try db.sql("DELETE FROM s3_upload WHERE upload_id = ?").execute(.text(uploadId))
    }

    private struct UploadRecord {
        var contentType: String
        var metadata: [String: String]
        var cacheControl: String?
        var websiteRedirect: String?
    }

    /// The upload, which must be of this bucket and key.
    @discardableResult
    private func existingUpload(_ db: DatabaseAccess, bucketId: Int64, key: String, uploadId: String) throws -> UploadRecord {
        guard let record = try db.sql(
            "SELECT content_type, metadata, cache_control, website_redirect FROM s3_upload WHERE upload_id = ? AND bucket_id = ? AND key = ?"
        ).first(.text(uploadId), .integer(bucketId), .text(key), decode: {
            UploadRecord(
                contentType: $0.string(0), metadata: UserMetadata.decode($0.optionalString(1)),
                cacheControl: $0.optionalString(2), websiteRedirect: $0.optionalString(3))
        }) else { throw S3Errors.noSuchUpload(uploadId) }
        return record
    }

    /// ETags compare with or without their quotes, as S3 accepts both in the part list.
    static func sameETag(_ stored: String, _ given: String) -> Bool {
        func bare(_ text: String) -> Substring { Substring(text).trimmingPrefix("\"").dropLast(text.hasSuffix("\"") ? 1 : 0) }
        return bare(stored) == bare(given.trimmingCharacters(in: .whitespaces))
    }
}
