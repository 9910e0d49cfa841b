import AWSPorts
import Foundation
import SimKernel

/// `AWSError` in each protocol's error shape, so that SDKs raise their modeled exceptions.
enum ErrorEncoding {
    /// The JSON protocols: `{"__type": ..., "message": ...}`, the request id header, and for SQS the
    /// `x-amzn-query-error` header botocore reads the legacy code from.
    static func json(_ error: AWSError, service: AWSServiceName, contentType: String, requestId: String) -> WireResponse {
        var members: [String: JSONValue] = [
            "__type": .string(typeName(error, service: service)),
            "message": .string(error.message),
        ]
        if service == .dynamodb, let item = error.item { members["Item"] = AttributeValueJSON.encode(item) }
        for (key, value) in error.fields { members[key] = .string(value) }
        var headers: [(name: String, value: String)] = [("Content-Type", contentType), ("x-amzn-RequestId", error.requestId ?? requestId)]
        if service == .sqs {
            headers.append(("x-amzn-query-error", "\(error.queryErrorCode ?? error.code);\(error.isSenderFault ? "Sender" : "Receiver")"))
        }
        return WireResponse(status: error.httpStatus, headers: headers, body: Data(JSONValue.object(members).canonicalText.utf8))
    }

    /// The query protocol's `<ErrorResponse>` (SQS before JSON).
    static func queryXML(_ error: AWSError, requestId: String) -> WireResponse {
        var xml = XMLText()
        xml.open("ErrorResponse", attributes: [("xmlns", SQSQueryHandler.namespace)])
        xml.open("Error")
        xml.element("Type", error.isSenderFault ? "Sender" : "Receiver")
        xml.element("Code", error.queryErrorCode ?? error.code)
        xml.element("Message", error.message)
        xml.element("Detail", "")
        xml.close("Error")
        xml.element("RequestId", error.requestId ?? requestId)
        xml.close("ErrorResponse")
        return WireResponse(status: error.httpStatus, headers: [("Content-Type", "text/xml"), ("x-amzn-RequestId", error.requestId ?? requestId)], body: Data(xml.text.utf8))
    }

    static func typeName(_ error: AWSError, service: AWSServiceName) -> String {
        switch service {
        case .sqs:
            let shape = switch error.code {
            case "InvalidParameterValue": "InvalidParameterValueException"
            case "MissingParameter": "MissingRequiredParameterException"
            default: error.code
            }
            return "com.amazonaws.sqs#\(shape)"
        case .dynamodb:
            return "com.amazonaws.dynamodb.v20120810#\(error.code)"
        default:
            return error.code
        }
    }
}
