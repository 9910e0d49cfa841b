import AWSPorts
import Foundation
import SimKernel

/// Amazon S3 over SQLite: buckets, objects with ETags and metadata, ListObjectsV2, multi-object delete,
/// copies, and the static-website endpoint with index and error documents.
public final class SimulatedS3: S3API {
    let context: ServiceContext
    var uploadIds: IDGenerator

    init(context: ServiceContext) {
        self.context = context
        uploadIds = IDGenerator(context.random.derive("s3.upload-ids"))
    }

    var now: Instant { context.now }

    /// S3 keeps `LastModified` to the second.
    var lastModifiedNow: Instant { Instant(unixSeconds: now.unixSeconds) }

    public func createBucket(_ bucket: String) throws(AWSError) {
        try context.perform(.s3, "CreateBucket", resource: bucket) { db, _ in
            guard BucketNameRules.isValid(bucket) else { throw S3Errors.invalidBucketName(bucket) }
            if try bucketId(db, bucket) != nil {
                // us-east-1 keeps S3's legacy answer: success, the bucket unchanged.
                if context.account.region == "us-east-1" { return }
                throw S3Errors.bucketAlreadyOwnedByYou(bucket)
            }
            try db.sql("INSERT INTO s3_bucket (name, created_ns) VALUES (?, ?)")
                .execute(.text(bucket), .integer(now.nanosecondsSinceUnixEpoch))
            try context.database.appendEvent(db, service: .s3, operation: "CreateBucket", at: now, keys: ["bucket": bucket])
        }
    }

    public func deleteBucket(_ bucket: String) throws(AWSError) {
        try context.perform(.s3, "DeleteBucket", resource: bucket) { db, _ in
            let id = try existingBucketId(db, bucket)
            let count = try db.sql("SELECT COUNT(*) FROM s3_object WHERE bucket_id = ?").first(.integer(id)) { $0.int(0) } ?? 0
            if count > 0 { throw S3Errors.bucketNotEmpty(bucket) }
            try dropUploads(db, bucketId: id)
            try db.sql("DELETE FROM s3_bucket WHERE id = ?").execute(.integer(id))
            try context.database.appendEvent(db, service: .s3, operation: "DeleteBucket", at: now, keys: ["bucket": bucket])
        }
    }

    public func headBucket(_ bucket: String) throws(AWSError) {
        try context.perform(.s3, "HeadBucket", resource: bucket, readOnly: true) { db, _ in
            if try bucketId(db, bucket) == nil { throw S3Errors.notFound() }
        }
    }

    public func listBuckets() throws(AWSError) -> [BucketSummary] {
        try context.perform(.s3, "ListBuckets", readOnly: true) { db, _ in
            try db.sql("SELECT name, created_ns FROM s3_bucket ORDER BY name").all {
                BucketSummary(name: $0.string(0), creationDate: Instant(nanosecondsSinceUnixEpoch: $0.int64(1)))
            }
        }
    }

    /// Whether the bucket exists, read straight from the database: not an S3 call (no fault, no latency). For
    /// finding which region holds a bucket, since bucket names are global in S3.
    public func holdsBucket(_ bucket: String) -> Bool {
        (try? context.database.readAccess { db in try bucketId(db, bucket) != nil }) ?? false
    }

    func bucketId(_ db: DatabaseAccess, _ bucket: String) throws -> Int64? {
        try db.sql("SELECT id FROM s3_bucket WHERE name = ?").first(.text(bucket)) { $0.int64(0) }
    }

    func existingBucketId(_ db: DatabaseAccess, _ bucket: String) throws -> Int64 {
        guard let id = try bucketId(db, bucket) else { throw S3Errors.noSuchBucket(bucket) }
        return id
    }
}
