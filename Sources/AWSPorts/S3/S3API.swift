import Foundation

/// Amazon S3, as the worker's deploy step and the checkers use it.
public protocol S3API {
    func createBucket(_ bucket: String) throws(AWSError)
    func deleteBucket(_ bucket: String) throws(AWSError)
    func headBucket(_ bucket: String) throws(AWSError)
    func listBuckets() throws(AWSError) -> [BucketSummary]
    func putObject(_ request: PutObjectRequest) throws(AWSError) -> PutObjectResult
    func getObject(_ request: GetObjectRequest) throws(AWSError) -> S3Object
    func headObject(bucket: String, key: String) throws(AWSError) -> ObjectMetadata
    func deleteObject(bucket: String, key: String) throws(AWSError)
    func deleteObjects(bucket: String, keys: [String], quiet: Bool) throws(AWSError) -> DeleteObjectsResult
    func copyObject(_ request: CopyObjectRequest) throws(AWSError) -> CopyObjectResult
    func listObjectsV2(_ request: ListObjectsV2Request) throws(AWSError) -> ListObjectsV2Result
    func putBucketWebsite(bucket: String, configuration: WebsiteConfiguration) throws(AWSError)
    func getBucketWebsite(bucket: String) throws(AWSError) -> WebsiteConfiguration
    func deleteBucketWebsite(bucket: String) throws(AWSError)
    /// A GET (or HEAD, when `head` is true) on the bucket's website endpoint for `path` (starting with `/`).
    func websiteRequest(bucket: String, path: String, head: Bool) throws(AWSError) -> WebsiteResponse
    /// Starts a multipart upload; returns its upload id.
    func createMultipartUpload(_ request: CreateMultipartUploadRequest) throws(AWSError) -> String
    /// Stores part `partNumber` (1 to 10000) of the upload, replacing an earlier part of that number; returns its ETag.
    func uploadPart(bucket: String, key: String, uploadId: String, partNumber: Int, body: Data) throws(AWSError) -> String
    func listParts(bucket: String, key: String, uploadId: String, maxParts: Int, partNumberMarker: Int) throws(AWSError) -> ListPartsResult
    /// Joins the named parts into the object; its ETag is `"<MD5 of the parts' binary MD5s>-<part count>"`.
    func completeMultipartUpload(bucket: String, key: String, uploadId: String, parts: [CompletedPart]) throws(AWSError) -> PutObjectResult
    func abortMultipartUpload(bucket: String, key: String, uploadId: String) throws(AWSError)
    /// Uploads in progress in the bucket, by key, then by when they began.
    func listMultipartUploads(bucket: String) throws(AWSError) -> [MultipartUpload]
}
