import Foundation

/// A connection a response upgraded to (a WebSocket): the target keeps it and sends messages on it.
public protocol UpgradedConnection: AnyObject {
    /// Messages received so far, oldest first.
    var received: [String] { get }
    var isOpen: Bool { get }
}

/// An HTTP response as a value.
public struct HTTPResponse {
    public var status: Int
    /// Header names are kept lower-case.
    public var headers: [String: String]
    public var body: Data
    /// For `101 Switching Protocols`: the connection the client now holds.
    public var upgraded: UpgradedConnection?

    public init(status: Int, headers: [String: String] = [:], body: Data = Data(), upgraded: UpgradedConnection? = nil) {
        self.status = status
        self.headers = Dictionary(headers.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { $1 })
        self.body = body
        self.upgraded = upgraded
    }

    public static func text(_ status: Int, _ text: String, contentType: String = "text/plain; charset=utf-8", headers: [String: String] = [:]) -> HTTPResponse {
        var all = headers
        all["content-type"] = contentType
        return HTTPResponse(status: status, headers: all, body: Data(text.utf8))
    }

    public static func json(_ status: Int, _ json: String) -> HTTPResponse {
        text(status, json, contentType: "application/json")
    }

    public func header(_ name: String) -> String? { headers[name.lowercased()] }

    public var bodyText: String { String(decoding: body, as: UTF8.self) }
}

/// Something the load balancer forwards requests to: a task's container, or a function.
public protocol HTTPHandler: AnyObject {
    func handle(_ request: HTTPRequest) -> HTTPResponse
}
