import Foundation

/// A bucket's static-website configuration (`PutBucketWebsite`).
public struct WebsiteConfiguration: Hashable, Sendable {
    /// `IndexDocument.Suffix`, e.g. `index.html`, appended to keys that end in `/`.
    public var indexDocumentSuffix: String?
    /// `ErrorDocument.Key`, served with the error's status when a key is missing.
    public var errorDocumentKey: String?
    public var redirectAllRequestsTo: WebsiteRedirect?
    public var routingRules: [RoutingRule]

    public init(
        indexDocumentSuffix: String? = nil, errorDocumentKey: String? = nil,
        redirectAllRequestsTo: WebsiteRedirect? = nil, routingRules: [RoutingRule] = []
    ) {
        self.indexDocumentSuffix = indexDocumentSuffix
        self.errorDocumentKey = errorDocumentKey
        self.redirectAllRequestsTo = redirectAllRequestsTo
        self.routingRules = routingRules
    }
}

public struct WebsiteRedirect: Hashable, Sendable {
    public var hostName: String
    public var `protocol`: String?

    public init(hostName: String, protocol: String? = nil) {
        self.hostName = hostName
        self.protocol = `protocol`
    }
}

/// One routing rule: a condition (key prefix and/or the error code a request would return) and a redirect.
public struct RoutingRule: Hashable, Sendable {
    public var keyPrefixEquals: String?
    public var httpErrorCodeReturnedEquals: Int?
    public var hostName: String?
    public var `protocol`: String?
    public var replaceKeyPrefixWith: String?
    public var replaceKeyWith: String?
    /// Defaults to 301.
    public var httpRedirectCode: Int?

    public init(
        keyPrefixEquals: String? = nil, httpErrorCodeReturnedEquals: Int? = nil, hostName: String? = nil,
        protocol: String? = nil, replaceKeyPrefixWith: String? = nil, replaceKeyWith: String? = nil,
        httpRedirectCode: Int? = nil
    ) {
        self.keyPrefixEquals = keyPrefixEquals
        self.httpErrorCodeReturnedEquals = httpErrorCodeReturnedEquals
        self.hostName = hostName
        self.protocol = `protocol`
        self.replaceKeyPrefixWith = replaceKeyPrefixWith
        self.replaceKeyWith = replaceKeyWith
        self.httpRedirectCode = httpRedirectCode
    }
}

/// What the bucket's website endpoint answers to a GET or HEAD.
public struct WebsiteResponse: Hashable, Sendable {
    public var status: Int
    /// Header names in lower case.
    public var headers: [String: String]
    public var body: Data

    public init(status: Int, headers: [String: String], body: Data) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    public var bodyText: String { String(decoding: body, as: UTF8.self) }
}
