/// Amazon SQS, as the worker and Hermes use it. Operation names and rules follow the AWS API reference.
public protocol SQSAPI {
    func createQueue(_ request: CreateQueueRequest) throws(AWSError) -> String
    func getQueueUrl(queueName: String) throws(AWSError) -> String
    func deleteQueue(queueUrl: String) throws(AWSError)
    func listQueues(_ request: ListQueuesRequest) throws(AWSError) -> ListQueuesResult
    func purgeQueue(queueUrl: String) throws(AWSError)
    func getQueueAttributes(queueUrl: String, attributeNames: [String]) throws(AWSError) -> [String: String]
    func setQueueAttributes(queueUrl: String, attributes: [String: String]) throws(AWSError)
    func sendMessage(_ request: SendMessageRequest) throws(AWSError) -> SendMessageResult
    func sendMessageBatch(queueUrl: String, entries: [SendMessageBatchRequestEntry]) throws(AWSError)
        -> SendMessageBatchResult
    func receiveMessage(_ request: ReceiveMessageRequest) throws(AWSError) -> ReceiveMessageResult
    func deleteMessage(queueUrl: String, receiptHandle: String) throws(AWSError)
    func deleteMessageBatch(queueUrl: String, entries: [DeleteMessageBatchRequestEntry]) throws(AWSError)
        -> BatchResult
    func changeMessageVisibility(queueUrl: String, receiptHandle: String, visibilityTimeout: Int) throws(AWSError)
    func changeMessageVisibilityBatch(queueUrl: String, entries: [ChangeMessageVisibilityBatchRequestEntry])
        throws(AWSError) -> BatchResult
}
