import AWSPorts
import Foundation
import SimKernel

/// SQS in AWS JSON 1.0 (`X-Amz-Target: AmazonSQS.<Operation>`), what SDKs have sent since 2024.
enum SQSJSONHandler {
    static let contentType = "application/x-amz-json-1.0"

    static func handle(_ operationName: String, body: JSONValue, _ context: WireContext) throws(AWSError) -> WireOutcome {
        guard let operation = SQSOperation(rawValue: operationName) else {
            throw WireErrors.unknownOperation(operationName, service: .sqs)
        }
        let input = try WireInput(body, service: .sqs)
        switch try SQSCall.run(operation, input, context) {
        case .answer(let answer):
            return .answer(respond(encode(answer), context))
        case .wait(let queueUrl, let wakeAt, let waitEndsAt):
            return .longPoll(LongPoll(region: context.aws.account.region, queueUrl: queueUrl, wakeAt: wakeAt, waitEndsAt: waitEndsAt, emptyAnswer: respond(encode(.received([])), context)))
        }
    }

    static func respond(_ value: JSONValue, _ context: WireContext) -> WireResponse {
        WireResponse(status: 200, headers: [("Content-Type", contentType), ("x-amzn-RequestId", context.requestId)], body: Data(value.canonicalText.utf8))
    }

    static func encode(_ answer: SQSAnswer) -> JSONValue {
        switch answer {
        case .queueUrl(let url):
            return .object(["QueueUrl": .string(url)])
        case .nothing:
            return .object([:])
        case .queueUrls(let urls, let nextToken):
            return JSONAnswer.object([("QueueUrls", urls.isEmpty ? nil : JSONAnswer.strings(urls)), ("NextToken", nextToken.map { .string($0) })])
        case .attributes(let attributes):
            return .object(["Attributes": JSONAnswer.stringMap(attributes)])
        case .sent(let result):
            return sent(result, id: nil)
        case .sentBatch(let result):
            return .object([
                "Successful": .array(result.successful.map { sent($0.result, id: $0.id) }),
                "Failed": .array(result.failed.map(failure)),
            ])
        case .received(let messages):
            return messages.isEmpty ? .object([:]) : .object(["Messages": .array(messages.map(message))])
        case .batch(let result):
            return .object([
                "Successful": .array(result.successful.map { .object(["Id": .string($0)]) }),
                "Failed": .array(result.failed.map(failure)),
            ])
        }
    }

    private static func sent(_ result: SendMessageResult, id: String?) -> JSONValue {
        JSONAnswer.object([
            ("Id", id.map { .string($0) }),
            ("MessageId", .string(result.messageId)),
            ("MD5OfMessageBody", .string(result.md5OfMessageBody)),
            ("MD5OfMessageAttributes", result.md5OfMessageAttributes.map { .string($0) }),
            ("MD5OfMessageSystemAttributes", result.md5OfMessageSystemAttributes.map { .string($0) }),
            ("SequenceNumber", result.sequenceNumber.map { .string($0) }),
        ])
    }

    private static func failure(_ entry: BatchResultErrorEntry) -> JSONValue {
        .object(["Id": .string(entry.id), "Code": .string(entry.code), "Message": .string(entry.message), "SenderFault": .bool(entry.senderFault)])
    }

    private static func message(_ message: SQSMessage) -> JSONValue {
        JSONAnswer.object([
            ("MessageId", .string(message.messageId)),
            ("ReceiptHandle", .string(message.receiptHandle)),
            ("MD5OfBody", .string(message.md5OfBody)),
            ("Body", .string(message.body)),
            ("Attributes", message.attributes.isEmpty ? nil : JSONAnswer.stringMap(message.attributes)),
            ("MD5OfMessageAttributes", message.md5OfMessageAttributes.map { .string($0) }),
            ("MessageAttributes", message.messageAttributes.isEmpty ? nil : .object(message.messageAttributes.mapValues(attribute))),
        ])
    }

    private static func attribute(_ value: MessageAttributeValue) -> JSONValue {
        JSONAnswer.object([
            ("DataType", .string(value.dataType)),
            ("StringValue", value.stringValue.map { .string($0) }),
            ("BinaryValue", value.binaryValue.map { .string($0.base64EncodedString()) }),
        ])
    }
}
