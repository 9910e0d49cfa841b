import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// The two listeners' one translation between Hummingbird's requests and responses and the front's values.
enum HummingbirdValues {
    /// Header names lower-case, repeated fields joined with commas; HTTP/1.1's Host arrives as the authority.
    static func headers(of head: HTTPRequest) -> [String: String] {
        var headers: [String: String] = [:]
        for field in head.headerFields {
            headers[field.name.canonicalName] = headers[field.name.canonicalName].map { $0 + "," + field.value } ?? field.value
        }
        if headers["host"] == nil, let authority = head.authority { headers["host"] = authority }
        return headers
    }

    /// `answer` as a Hummingbird response, with `body` in place of its own (Hummingbird sets Content-Length).
    static func response(_ answer: WireResponse, body: Data? = nil) -> Response {
        var fields = HTTPFields()
        for (name, value) in answer.headers where body == nil || name.lowercased() != "content-length" {
            if let fieldName = HTTPField.Name(name) { fields.append(HTTPField(name: fieldName, value: value)) }
        }
        return Response(
            status: HTTPResponse.Status(code: answer.status), headers: fields,
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: body ?? answer.body)))
    }
}
