import AWSPorts
import Foundation
import SimKernel

extension SimulatedS3 {
    public func putBucketWebsite(bucket: String, configuration: WebsiteConfiguration) throws(AWSError) {
        try context.perform(.s3, "PutBucketWebsite", resource: bucket) { db, _ in
            let id = try existingBucketId(db, bucket)
            if configuration.redirectAllRequestsTo != nil {
                guard configuration.indexDocumentSuffix == nil, configuration.errorDocumentKey == nil,
                    configuration.routingRules.isEmpty
                else {
                    throw S3Errors.invalidArgument(
                        "RedirectAllRequestsTo cannot be provided in conjunction with other Routing Rules.")
                }
            } else {
                guard let suffix = configuration.indexDocumentSuffix else {
                    throw S3Errors.invalidArgument(
                        "A value for IndexDocument Suffix must be provided if RedirectAllRequestsTo is empty")
                }
                guard !suffix.isEmpty, !suffix.contains("/") else {
                    throw S3Errors.invalidArgument("The IndexDocument Suffix is not well formed", name: "IndexDocument", value: suffix)
                }
            }
            try db.sql("UPDATE s3_bucket SET website = ? WHERE id = ?")
                .execute(.text(WebsiteConfigurationCodec.encode(configuration)), .integer(id))
            try context.database.appendEvent(db, service: .s3, operation: "PutBucketWebsite", at: now, keys: ["bucket": bucket])
        }
    }

    public func getBucketWebsite(bucket: String) throws(AWSError) -> WebsiteConfiguration {
        try context.perform(.s3, "GetBucketWebsite", resource: bucket, readOnly: true) { db, _ in
            let id = try existingBucketId(db, bucket)
            guard let text = try db.sql("SELECT website FROM s3_bucket WHERE id = ?").first(.integer(id), decode: { $0.optionalString(0) }) ?? nil,
                let configuration = WebsiteConfigurationCodec.decode(text)
            else { throw S3Errors.noSuchWebsiteConfiguration(bucket) }
            return configuration
        }
    }

    public func deleteBucketWebsite(bucket: String) throws(AWSError) {
        try context.perform(.s3, "DeleteBucketWebsite", resource: bucket) { db, _ in
            let id = try existingBucketId(db, bucket)
            try db.sql("UPDATE s3_bucket SET website = NULL WHERE id = ?").execute(.integer(id))
            try context.database.appendEvent(db, service: .s3, operation: "DeleteBucketWebsite", at: now, keys: ["bucket": bucket])
        }
    }

    /// The bucket's website endpoint: index documents for directory paths, a 302 to add the trailing slash
    /// when only the index document exists, object redirects (301), routing rules, and the error document
    /// (or S3's HTML error page) with a 404.
    public func websiteRequest(bucket: String, path: String, head: Bool) throws(AWSError) -> WebsiteResponse {
        try context.perform(.s3, head ? "WebsiteHead" : "WebsiteGet", resource: bucket, readOnly: true) { db, _ in
            guard let bucketId = try bucketId(db, bucket) else {
                return errorPage(404, code: "NoSuchBucket", message: "The specified bucket does not exist", extra: ["BucketName": bucket], head: head)
            }
            guard let text = try db.sql("SELECT website FROM s3_bucket WHERE id = ?").first(.integer(bucketId), decode: { $0.optionalString(0) }) ?? nil,
                let configuration = WebsiteConfigurationCodec.decode(text)
            else {
                return errorPage(
                    404, code: "NoSuchWebsiteConfiguration", message: "The specified bucket does not have a website configuration",
                    extra: ["BucketName": bucket], head: head)
            }
            var rawPath = path.hasPrefix("/") ? String(path.dropFirst()) : path
            if let query = rawPath.firstIndex(of: "?") { rawPath = String(rawPath[..<query]) }
            let requestedKey = rawPath.removingPercentEncoding ?? rawPath
            if let redirect = configuration.redirectAllRequestsTo {
                return redirectResponse(301, location: "\(redirect.protocol ?? "http")://\(redirect.hostName)/\(rawPath)", head: head)
            }
            if let rule = matchingRule(configuration.routingRules, key: requestedKey, errorCode: nil) {
                return redirectResponse(for: rule, key: requestedKey, head: head)
            }
            let suffix = configuration.indexDocumentSuffix ?? "index.html"
            let key = requestedKey.isEmpty || requestedKey.hasSuffix("/") ? requestedKey + suffix : requestedKey
            if let (record, body) = try loadWithBody(db, bucketId: bucketId, key: key) {
                if let location = record.metadata.websiteRedirectLocation {
                    return redirectResponse(301, location: location, head: head)
                }
                return WebsiteResponse(
                    status: 200,
                    headers: [
                        "content-type": record.metadata.contentType, "content-length": String(body.count),
                        "etag": record.metadata.eTag, "last-modified": record.metadata.lastModified.httpDate,
                    ],
                    body: head ? Data() : body)
            }
            if key == requestedKey, try load(db, bucketId: bucketId, key: requestedKey + "/" + suffix) != nil {
                return redirectResponse(302, location: "/" + KeyEncoding.percentEncoded(requestedKey, keepLeadingSlash: false) + "/", head: head)
            }
            if let rule = matchingRule(configuration.routingRules, key: requestedKey, errorCode: 404) {
                return redirectResponse(for: rule, key: requestedKey, head: head)
            }
            if let errorKey = configuration.errorDocumentKey, let (record, body) = try loadWithBody(db, bucketId: bucketId, key: errorKey) {
                return WebsiteResponse(
                    status: 404,
                    headers: ["content-type": record.metadata.contentType, "content-length": String(body.count)],
                    body: head ? Data() : body)
            }
            return errorPage(404, code: "NoSuchKey", message: "The specified key does not exist.", extra: ["Key": key], head: head)
        }
    }

    private func matchingRule(_ rules: [RoutingRule], key: String, errorCode: Int?) -> RoutingRule? {
        rules.first { rule in
            if let prefix = rule.keyPrefixEquals, !key.hasPrefix(prefix) { return false }
            if rule.keyPrefixEquals == nil && rule.httpErrorCodeReturnedEquals == nil { return false }
            return rule.httpErrorCodeReturnedEquals == errorCode
        }
    }

    private func redirectResponse(for rule: RoutingRule, key: String, head: Bool) -> WebsiteResponse {
        var newKey = key
        if let replacement = rule.replaceKeyWith {
            newKey = replacement
        } else if let replacement = rule.replaceKeyPrefixWith {
            newKey = replacement + key.dropFirst(rule.keyPrefixEquals?.count ?? 0)
        }
        // Percent-encoded, a leading slash too: `Location: //other.host/x` would send the browser to another host.
        let encoded = KeyEncoding.percentEncoded(newKey, keepLeadingSlash: false)
        let location = rule.hostName.map { "\(rule.protocol ?? "http")://\($0)/\(encoded)" } ?? "/" + encoded
        return redirectResponse(rule.httpRedirectCode ?? 301, location: location, head: head)
    }

    private func redirectResponse(_ status: Int, location: String, head: Bool) -> WebsiteResponse {
        WebsiteResponse(status: status, headers: ["location": location, "content-length": "0"], body: Data())
    }

    private func errorPage(_ status: Int, code: String, message: String, extra: [String: String], head: Bool) -> WebsiteResponse {
        let title = status == 404 ? "404 Not Found" : "\(status)"
        var items = "<li>Code: \(code)</li>\n<li>Message: \(message)</li>\n"
        for name in extra.keys.sorted() { items += "<li>\(name): \(htmlEscaped(extra[name]!))</li>\n" }
        let html = "<html>\n<head><title>\(title)</title></head>\n<body>\n<h1>\(title)</h1>\n<ul>\n\(items)</ul>\n<hr/>\n</body>\n</html>\n"
        let body = Data(html.utf8)
        return WebsiteResponse(
            status: status, headers: ["content-type": "text/html; charset=utf-8", "content-length": String(body.count)],
            body: head ? Data() : body)
    }

    private func htmlEscaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
    }
}
