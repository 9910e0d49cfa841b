import Foundation

/// An HTTP answer of the wire front as a value (status, headers in order, body), so every protocol encoder is
/// tested without sockets.
public struct WireResponse: Sendable, Equatable {
    public var status: Int
    public var headers: [(name: String, value: String)]
    public var body: Data

    public init(status: Int, headers: [(name: String, value: String)] = [], body: Data = Data()) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    public static func == (lhs: WireResponse, rhs: WireResponse) -> Bool {
        lhs.status == rhs.status && lhs.body == rhs.body
            && lhs.headers.map { "\($0.name):\($0.value)" } == rhs.headers.map { "\($0.name):\($0.value)" }
    }

    public func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    public var bodyText: String { String(decoding: body, as: UTF8.self) }

    public static func text(_ status: Int, _ text: String, contentType: String = "text/plain; charset=utf-8") -> WireResponse {
        WireResponse(status: status, headers: [("Content-Type", contentType)], body: Data(text.utf8))
    }
}
