import Foundation

/// An HTTP request as the wire front reads it: method, path, decoded query items, headers (names lower-case)
/// and the whole body.
public struct WireRequest: Sendable {
    public var method: String
    /// The path without the query string, percent-decoded.
    public var path: String
    /// The path as sent, still percent-encoded (what the S3 website endpoint resolves itself).
    public var rawPath: String
    /// The path's percent-encoding did not decode to UTF-8 (`%FF`): `path` is then the raw text.
    public var pathDecodingFailed = false
    public var query: [(name: String, value: String)]
    public var headers: [String: String]
    public var body: Data

    public init(method: String, path: String, query: [(name: String, value: String)] = [], headers: [String: String] = [:], body: Data = Data()) {
        self.method = method.uppercased()
        self.path = path
        self.rawPath = path
        self.query = query
        self.headers = Dictionary(headers.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { first, _ in first })
        self.body = body
    }

    /// Splits `/a/b?x=1&y=2` into its percent-decoded path and query items.
    public init(method: String, target: String, headers: [String: String] = [:], body: Data = Data()) {
        let parts = target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        let rawPath = parts.first.map(String.init) ?? "/"
        let path = rawPath.removingPercentEncoding ?? rawPath
        let query = parts.count > 1 ? FormBody.decode(String(parts[1])) : []
        self.init(method: method, path: path.isEmpty ? "/" : path, query: query, headers: headers, body: body)
        self.rawPath = rawPath.isEmpty ? "/" : rawPath
        pathDecodingFailed = rawPath.removingPercentEncoding == nil
    }

    public func header(_ name: String) -> String? { headers[name.lowercased()] }

    public func queryValue(_ name: String) -> String? { query.first { $0.name == name }?.value }
}
