import AWSPorts
import AWSSim
import Crypto
import Foundation
import SimKernel
import Testing

@Suite("S3 multipart uploads and conditional reads")
struct S3MultipartTests {
    let world: TestWorld
    var s3: SimulatedS3 { world.aws.s3 }
    let bucket = "uploads.example.com"
    static let fiveMiB = 5 * 1024 * 1024

    init() throws {
        world = try TestWorld()
        try world.aws.s3.createBucket(bucket)
    }

    @Test func partsJoinIntoOneObjectWithTheDashCountETag() throws {
        let first = Data(repeating: 7, count: Self.fiveMiB), second = Data("tail".utf8)
        let upload = try s3.createMultipartUpload(CreateMultipartUploadRequest(bucket: bucket, key: "big", contentType: "text/plain", metadata: ["Who": "me"]))
        let e1 = try s3.uploadPart(bucket: bucket, key: "big", uploadId: upload, partNumber: 1, body: Data("replaced".utf8))
        #expect(e1 == "\"" + Insecure.MD5.hash(data: Data("replaced".utf8)).map { String(format: "%02x", $0) }.joined() + "\"")
        let e1Again = try s3.uploadPart(bucket: bucket, key: "big", uploadId: upload, partNumber: 1, body: first)
        let e2 = try s3.uploadPart(bucket: bucket, key: "big", uploadId: upload, partNumber: 2, body: second)
        let listed = try s3.listParts(bucket: bucket, key: "big", uploadId: upload, maxParts: 1, partNumberMarker: 0)
        #expect(listed.parts.map(\.partNumber) == [1] && listed.isTruncated && listed.nextPartNumberMarker == 1)
        #expect(try s3.listParts(bucket: bucket, key: "big", uploadId: upload, maxParts: 10, partNumberMarker: 1).parts.map(\.size) == [4])
        _ = expectAWSError("NoSuchKey") { _ = try s3.getObject(GetObjectRequest(bucket: bucket, key: "big")) }
        let result = try s3.completeMultipartUpload(
            bucket: bucket, key: "big", uploadId: upload,
            parts: [CompletedPart(partNumber: 1, eTag: e1Again), CompletedPart(partNumber: 2, eTag: e2.replacingOccurrences(of: "\"", with: ""))])
        let joined = Insecure.MD5.hash(data: Array(Insecure.MD5.hash(data: first)) + Array(Insecure.MD5.hash(data: second)))
        #expect(result.eTag == "\"" + joined.map { String(format: "%02x", $0) }.joined() + "-2\"")
        let object = try s3.getObject(GetObjectRequest(bucket: bucket, key: "big"))
        #expect(object.body == first + second)
        #expect(object.metadata.contentType == "text/plain" && object.metadata.metadata == ["who": "me"])
        _ = expectAWSError("NoSuchUpload") { _ = try s3.listParts(bucket: bucket, key: "big", uploadId: upload, maxParts: 10, partNumberMarker: 0) }
        #expect(try s3.listMultipartUploads(bucket: bucket).isEmpty)
    }

    @Test func completeChecksOrderPartsAndSizes() throws {
        let upload = try s3.createMultipartUpload(CreateMultipartUploadRequest(bucket: bucket, key: "k"))
        let small = try s3.uploadPart(bucket: bucket, key: "k", uploadId: upload, partNumber: 1, body: Data("a".utf8))
        let last = try s3.uploadPart(bucket: bucket, key: "k", uploadId: upload, partNumber: 2, body: Data("b".utf8))
        _ = expectAWSError("EntityTooSmall") {
            _ = try s3.completeMultipartUpload(bucket: bucket, key: "k", uploadId: upload, parts: [.init(partNumber: 1, eTag: small), .init(partNumber: 2, eTag: last)])
        }
        _ = expectAWSError("InvalidPartOrder") {
            _ = try s3.completeMultipartUpload(bucket: bucket, key: "k", uploadId: upload, parts: [.init(partNumber: 2, eTag: last), .init(partNumber: 1, eTag: small)])
        }
        _ = expectAWSError("InvalidPart") {
            _ = try s3.completeMultipartUpload(bucket: bucket, key: "k", uploadId: upload, parts: [.init(partNumber: 1, eTag: last)])
        }
        _ = expectAWSError("InvalidPart") {
            _ = try s3.completeMultipartUpload(bucket: bucket, key: "k", uploadId: upload, parts: [.init(partNumber: 3, eTag: last)])
        }
        _ = expectAWSError("InvalidRequest") { _ = try s3.completeMultipartUpload(bucket: bucket, key: "k", uploadId: upload, parts: []) }
        for number in [0, 10_001, -1] {
            _ = expectAWSError("InvalidArgument") { _ = try s3.uploadPart(bucket: bucket, key: "k", uploadId: upload, partNumber: number, body: Data()) }
        }
        // An upload belongs to its key: another key's requests do not reach it.
        _ = expectAWSError("NoSuchUpload") { _ = try s3.uploadPart(bucket: bucket, key: "other", uploadId: upload, partNumber: 1, body: Data()) }
        // A single part may be of any size.
        _ = try s3.completeMultipartUpload(bucket: bucket, key: "k", uploadId: upload, parts: [.init(partNumber: 2, eTag: last)])
        #expect(try s3.getObject(GetObjectRequest(bucket: bucket, key: "k")).body == Data("b".utf8))
    }

    @Test func abortAndDeletingTheBucketDropTheParts() throws {
        let upload = try s3.createMultipartUpload(CreateMultipartUploadRequest(bucket: bucket, key: "k"))
        _ = try s3.uploadPart(bucket: bucket, key: "k", uploadId: upload, partNumber: 1, body: Data("x".utf8))
        try s3.abortMultipartUpload(bucket: bucket, key: "k", uploadId: upload)
        _ = expectAWSError("NoSuchUpload") { try s3.abortMultipartUpload(bucket: bucket, key: "k", uploadId: upload) }
        let kept = try s3.createMultipartUpload(CreateMultipartUploadRequest(bucket: bucket, key: "k"))
        #expect(try s3.listMultipartUploads(bucket: bucket).map(\.uploadId) == [kept])
        try s3.deleteBucket(bucket)
        try s3.createBucket(bucket)
        #expect(try s3.listMultipartUploads(bucket: bucket).isEmpty)
    }

    @Test func modifiedSinceConditions() throws {
        _ = try s3.putObject(PutObjectRequest(bucket: bucket, key: "k", body: Data("x".utf8)))
        let modified = try s3.headObject(bucket: bucket, key: "k").lastModified
        let before = modified - .seconds(10), after = modified + .seconds(10)
        _ = try s3.getObject(GetObjectRequest(bucket: bucket, key: "k", ifModifiedSince: before))
        _ = expectAWSError("NotModified") { _ = try s3.getObject(GetObjectRequest(bucket: bucket, key: "k", ifModifiedSince: after)) }
        _ = expectAWSError("PreconditionFailed") { _ = try s3.getObject(GetObjectRequest(bucket: bucket, key: "k", ifUnmodifiedSince: before)) }
        _ = try s3.getObject(GetObjectRequest(bucket: bucket, key: "k", ifUnmodifiedSince: after))
        // If-None-Match decides alone when both are given.
        _ = try s3.getObject(GetObjectRequest(bucket: bucket, key: "k", ifNoneMatch: "\"other\"", ifModifiedSince: after))
    }

    /// A database kept across a restart (`wsim serve --run --in-place`, a reset) holds uploads whose ids the
    /// same seed draws again: a new upload gets an id of its own.
    @Test func uploadIdsNeverClashWithAKeptDatabases() throws {
        let database = try SimDatabase.inMemory()
        func account() -> SimulatedAWS { SimulatedAWS(database: database, scheduler: Scheduler(), seed: 9, options: SimulatedAWSOptions(latency: .zero)) }
        let first = account()
        try first.s3.createBucket(bucket)
        let kept = try first.s3.createMultipartUpload(CreateMultipartUploadRequest(bucket: bucket, key: "k"))
        let again = try account().s3.createMultipartUpload(CreateMultipartUploadRequest(bucket: bucket, key: "k"))
        #expect(again != kept)
        #expect(Set(try account().s3.listMultipartUploads(bucket: bucket).map(\.uploadId)) == [kept, again])
    }

    @Test func bucketsAreFoundWithoutAnS3Call() throws {
        #expect(s3.holdsBucket(bucket))
        #expect(!s3.holdsBucket("absent.example.com"))
    }
}
