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
}
