import AWSPorts
import Foundation

/// Every AWS call the worker makes, each retried as the SDKs' standard mode does (`AWSRetry`). The worker
/// holds this and never the raw service ports, so no call can forget the retries. Batch calls also retry
/// the entries that failed with a retryable error.
final class WorkerAWS {
    private let sqs: any SQSAPI
    private let s3: any S3API
    private let dynamodb: any DynamoDBAPI

    init(sqs: any SQSAPI, s3: any S3API, dynamodb: any DynamoDBAPI) {
        self.sqs = sqs
        self.s3 = s3
        self.dynamodb = dynamodb
    }

    // MARK: SQS

    func receive(_ request: ReceiveMessageRequest) throws(AWSError) -> ReceiveMessageResult {
        try AWSRetry.call { () throws(AWSError) in try sqs.receiveMessage(request) }
    }

    @discardableResult
    func send(_ request: SendMessageRequest) throws(AWSError) -> SendMessageResult {
        try AWSRetry.call { () throws(AWSError) in try sqs.sendMessage(request) }
    }

    func delete(queueUrl: String, receiptHandle: String) throws(AWSError) {
        try AWSRetry.call { () throws(AWSError) in try sqs.deleteMessage(queueUrl: queueUrl, receiptHandle: receiptHandle) }
    }

    func changeVisibility(queueUrl: String, receiptHandle: String, seconds: Int) throws(AWSError) {
        try AWSRetry.call { () throws(AWSError) in
            try sqs.changeMessageVisibility(queueUrl: queueUrl, receiptHandle: receiptHandle, visibilityTimeout: seconds)
        }
    }

    /// Changes the visibility of up to 10 messages per call; returns the ids whose change failed for good.
    func changeVisibility(queueUrl: String, entries: [ChangeMessageVisibilityBatchRequestEntry]) throws(AWSError) -> [BatchResultErrorEntry] {
        var failed: [BatchResultErrorEntry] = []
        var start = 0
        while start < entries.count {
            var remaining = Array(entries[start..<min(entries.count, start + 10)])
            start += 10
            var attempt = 1
            while !remaining.isEmpty {
                let result = try AWSRetry.call { () throws(AWSError) in
                    try sqs.changeMessageVisibilityBatch(queueUrl: queueUrl, entries: remaining)
                }
                let retryable = result.failed.filter { !$0.senderFault && attempt < AWSRetry.attempts }
                failed += result.failed.filter { $0.senderFault || attempt >= AWSRetry.attempts }
                remaining = remaining.filter { entry in retryable.contains { $0.id == entry.id } }
                attempt += 1
            }
        }
        return failed
    }

    // MARK: S3

    /// Every object of the bucket, key to ETag.
    func listObjects(bucket: String) throws(AWSError) -> [String: String] {
        var objects: [String: String] = [:]
        var token: String?
        repeat {
            let page = try AWSRetry.call { () throws(AWSError) in
                try s3.listObjectsV2(ListObjectsV2Request(bucket: bucket, continuationToken: token))
            }
            for object in page.contents { objects[object.key] = object.eTag }
            token = page.isTruncated ? page.nextContinuationToken : nil
        } while token != nil
        return objects
    }

    func getObject(bucket: String, key: String) throws(AWSError) -> S3Object {
        try AWSRetry.call { () throws(AWSError) in try s3.getObject(GetObjectRequest(bucket: bucket, key: key)) }
    }

    func putObject(_ request: PutObjectRequest) throws(AWSError) {
        _ = try AWSRetry.call { () throws(AWSError) in try s3.putObject(request) }
    }

    /// Deletes the keys; returns the per-key errors that remained after the retries.
    func deleteObjects(bucket: String, keys: [String]) throws(AWSError) -> [DeleteObjectsError] {
        var remaining = keys
        var attempt = 1
        while true {
            let result = try AWSRetry.call { () throws(AWSError) in try s3.deleteObjects(bucket: bucket, keys: remaining, quiet: true) }
            let retried = result.errors.filter { AWSRetry.isRetryable(code: $0.code) }
            if retried.isEmpty || attempt >= AWSRetry.attempts { return result.errors }
            remaining = retried.map(\.key)
            attempt += 1
        }
    }

    // MARK: DynamoDB

    func getItem(_ request: GetItemRequest) throws(AWSError) -> DynamoDBItem? {
        try AWSRetry.call { () throws(AWSError) in try dynamodb.getItem(request) }
    }

    func putItem(_ request: PutItemRequest) throws(AWSError) {
        _ = try AWSRetry.call { () throws(AWSError) in try dynamodb.putItem(request) }
    }

    @discardableResult
    func updateItem(_ request: UpdateItemRequest) throws(AWSError) -> DynamoDBItem? {
        try AWSRetry.call { () throws(AWSError) in try dynamodb.updateItem(request) }
    }

    func deleteItem(_ request: DeleteItemRequest) throws(AWSError) {
        _ = try AWSRetry.call { () throws(AWSError) in try dynamodb.deleteItem(request) }
    }
}
