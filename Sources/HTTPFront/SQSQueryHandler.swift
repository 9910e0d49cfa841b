import AWSPorts
import Foundation
import SimKernel

/// SQS in the query protocol (form-encoded `Action=...&Version=2012-11-05`, XML answers): what SDKs sent
/// before 2024, and what older ones still send. The members are read into the same shape as the JSON
/// protocol's, so both run the same `SQSCall`.
enum SQSQueryHandler {
    static let namespace = "http://queue.amazonaws.com/doc/2012-11-05/"

    /// `queuePath` is the request's path when it was posted to a queue URL (`/123456789012/name`).
    static func handle(_ pairs: [(name: String, value: String)], queuePath: String?, _ context: WireContext) throws(AWSError) -> WireOutcome {
        let tree = try FormTree(pairs)
        guard let action = tree.scalar("Action") else {
            throw AWSError(code: "MissingAction", message: "The request must contain the parameter Action.", queryErrorCode: "MissingAction")
        }
        guard let operation = SQSOperation(rawValue: action) else { throw WireErrors.unknownOperation(action, service: .sqs) }
        var members = tree.sqsMembers()
        if members["QueueUrl"] == nil, let queuePath, queuePath.split(separator: "/").count == 2 {
            members["QueueUrl"] = .string(context.endpoint + queuePath)
        }
        let input = WireInput(members: members, service: .sqs, fromForm: true)
        switch try SQSCall.run(operation, input, context) {
        case .answer(let answer):
            return .answer(respond(operation, answer, context))
        case .wait(let queueUrl, let wakeAt, let waitEndsAt):
            return .longPoll(LongPoll(region: context.aws.account.region, queueUrl: queueUrl, wakeAt: wakeAt, waitEndsAt: waitEndsAt, emptyAnswer: respond(operation, .received([]), context)))
        }
    }

    static func respond(_ operation: SQSOperation, _ answer: SQSAnswer, _ context: WireContext) -> WireResponse {
        let name = operation.rawValue
        var xml = XMLText()
        xml.open("\(name)Response", attributes: [("xmlns", namespace)])
        switch answer {
        case .nothing:
            break
        default:
            xml.open("\(name)Result")
            write(answer, operation, to: &xml)
            xml.close("\(name)Result")
        }
        xml.open("ResponseMetadata")
        xml.element("RequestId", context.requestId)
        xml.close("ResponseMetadata")
        xml.close("\(name)Response")
        return WireResponse(status: 200, headers: [("Content-Type", "text/xml"), ("x-amzn-RequestId", context.requestId)], body: Data(xml.text.utf8))
    }

    private static func write(_ answer: SQSAnswer, _ operation: SQSOperation, to xml: inout XMLText) {
        switch answer {
        case .nothing:
            break
        case .queueUrl(let url):
            xml.element("QueueUrl", url)
        case .queueUrls(let urls, let nextToken):
            for url in urls { xml.element("QueueUrl", url) }
            if let nextToken { xml.element("NextToken", nextToken) }
        case .attributes(let attributes):
            for name in attributes.keys.sorted() {
                xml.open("Attribute")
                xml.element("Name", name)
                xml.element("Value", attributes[name]!)
                xml.close("Attribute")
            }
        case .sent(let result):
            sent(result, to: &xml)
        case .sentBatch(let result):
            for entry in result.successful {
                xml.open("SendMessageBatchResultEntry")
                xml.element("Id", entry.id)
                sent(entry.result, to: &xml)
                xml.close("SendMessageBatchResultEntry")
            }
            failures(result.failed, to: &xml)
        case .received(let messages):
            for message in messages { self.message(message, to: &xml) }
        case .batch(let result):
            let entryName = operation == .deleteMessageBatch ? "DeleteMessageBatchResultEntry" : "ChangeMessageVisibilityBatchResultEntry"
            for id in result.successful {
                xml.open(entryName)
                xml.element("Id", id)
                xml.close(entryName)
            }
            failures(result.failed, to: &xml)
        }
    }

    private static func sent(_ result: SendMessageResult, to xml: inout XMLText) {
        xml.element("MessageId", result.messageId)
        xml.element("MD5OfMessageBody", result.md5OfMessageBody)
        if let md5 = result.md5OfMessageAttributes { xml.element("MD5OfMessageAttributes", md5) }
        if let md5 = result.md5OfMessageSystemAttributes { xml.element("MD5OfMessageSystemAttributes", md5) }
        if let sequence = result.sequenceNumber { xml.element("SequenceNumber", sequence) }
    }

    private static func failures(_ entries: [BatchResultErrorEntry], to xml: inout XMLText) {
        for entry in entries {
            xml.open("BatchResultErrorEntry")
            xml.element("Id", entry.id)
            xml.element("SenderFault", entry.senderFault ? "true" : "false")
            xml.element("Code", entry.code)
            xml.element("Message", entry.message)
            xml.close("BatchResultErrorEntry")
        }
    }

    private static func message(_ message: SQSMessage, to xml: inout XMLText) {
        xml.open("Message")
        xml.element("MessageId", message.messageId)
        xml.element("ReceiptHandle", message.receiptHandle)
        xml.element("MD5OfBody", message.md5OfBody)
        xml.element("Body", message.body)
        for name in message.attributes.keys.sorted() {
            xml.open("Attribute")
            xml.element("Name", name)
            xml.element("Value", message.attributes[name]!)
            xml.close("Attribute")
        }
        if let md5 = message.md5OfMessageAttributes { xml.element("MD5OfMessageAttributes", md5) }
        for name in message.messageAttributes.keys.sorted() {
            let value = message.messageAttributes[name]!
            xml.open("MessageAttribute")
            xml.element("Name", name)
            xml.open("Value")
            if let text = value.stringValue { xml.element("StringValue", text) }
            if let data = value.binaryValue { xml.element("BinaryValue", data.base64EncodedString()) }
            xml.element("DataType", value.dataType)
            xml.close("Value")
            xml.close("MessageAttribute")
        }
        xml.close("Message")
    }
}
