/// The SQS operations `wsim serve` answers, by their wire names.
enum SQSOperation: String, CaseIterable {
    case createQueue = "CreateQueue"
    case getQueueUrl = "GetQueueUrl"
    case deleteQueue = "DeleteQueue"
    case listQueues = "ListQueues"
    case purgeQueue = "PurgeQueue"
    case getQueueAttributes = "GetQueueAttributes"
    case setQueueAttributes = "SetQueueAttributes"
    case sendMessage = "SendMessage"
    case sendMessageBatch = "SendMessageBatch"
    case receiveMessage = "ReceiveMessage"
    case deleteMessage = "DeleteMessage"
    case deleteMessageBatch = "DeleteMessageBatch"
    case changeMessageVisibility = "ChangeMessageVisibility"
    case changeMessageVisibilityBatch = "ChangeMessageVisibilityBatch"
}
