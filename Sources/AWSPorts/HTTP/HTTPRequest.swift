import Foundation

/// An HTTP request as a value: what the load balancer routes and its targets answer. In process today; the
/// HTTP front carries the same values over sockets.
public struct HTTPRequest: Sendable, Equatable {
    public var method: String
    /// The path, with the query string if any (`/api/sessions/abc?x=1`).
    public var path: String
    /// Header names are kept lower-case.
    public var headers: [String: String]
    public var body: Data

    public init(method: String, path: String, headers: [String: String] = [:], body: Data = Data()) {
        self.method = method.uppercased()
        self.path = path
        self.headers = Dictionary(headers.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { $1 })
        self.body = body
    }

    public static func get(_ path: String, headers: [String: String] = [:]) -> HTTPRequest {
        HTTPRequest(method: "GET", path: path, headers: headers)
    }

    public static func post(_ path: String, json: String, headers: [String: String] = [:]) -> HTTPRequest {
        var all = headers
        all["content-type"] = "application/json"
        return HTTPRequest(method: "POST", path: path, headers: all, body: Data(json.utf8))
    }

    /// The path without the query string.
    public var pathOnly: String { String(path.prefix { $0 != "?" }) }

    public func header(_ name: String) -> String? { headers[name.lowercased()] }

    /// `Connection: Upgrade` (one token of a list, any case) and `Upgrade: websocket`, as RFC 6455 asks.
    public var isWebSocketUpgrade: Bool {
        guard method == "GET", header("upgrade")?.lowercased() == "websocket", let connection = header("connection") else { return false }
        return connection.split(separator: ",").contains { $0.trimmingCharacters(in: .whitespaces).lowercased() == "upgrade" }
    }
}
