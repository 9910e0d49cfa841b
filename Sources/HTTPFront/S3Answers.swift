import AWSPorts
import AWSSim
import Foundation
import SimKernel

/// S3's XML answers (namespace `http://s3.amazonaws.com/doc/2006-03-01/`) and its error shape.
enum S3Answers {
    static let namespace = "http://s3.amazonaws.com/doc/2006-03-01/"

    static func document(_ root: String, requestId: String, _ fill: (inout XMLText) -> Void) -> WireResponse {
        var xml = XMLText()
        xml.open(root, attributes: [("xmlns", namespace)])
        fill(&xml)
        xml.close(root)
        return WireResponse(
            status: 200, headers: [("Content-Type", "application/xml"), ("x-amz-request-id", requestId)], body: Data(xml.text.utf8))
    }

    static func empty(_ status: Int, requestId: String, headers: [(name: String, value: String)] = []) -> WireResponse {
        WireResponse(status: status, headers: [("x-amz-request-id", requestId)] + headers + [("Content-Length", "0")])
    }

    /// `<Error><Code/><Message/>...fields...<RequestId/><HostId/></Error>`; a HEAD answer carries only the status.
    static func error(_ error: AWSError, requestId: String, head: Bool) -> WireResponse {
        let id = error.requestId ?? requestId
        if head || error.httpStatus == 304 {
            return WireResponse(status: error.httpStatus, headers: [("x-amz-request-id", id), ("Content-Length", "0")])
        }
        var xml = XMLText()
        xml.open("Error")
        xml.element("Code", error.code)
        xml.element("Message", error.message)
        for name in error.fields.keys.sorted() { xml.element(name, error.fields[name]!) }
        xml.element("RequestId", id)
        xml.element("HostId", "wsim")
        xml.close("Error")
        return WireResponse(
            status: error.httpStatus, headers: [("Content-Type", "application/xml"), ("x-amz-request-id", id)], body: Data(xml.text.utf8))
    }

    /// The headers of an object (GET and HEAD).
    static func objectHeaders(_ metadata: ObjectMetadata) -> [(name: String, value: String)] {
        var headers: [(name: String, value: String)] = [
            ("Content-Type", metadata.contentType), ("ETag", metadata.eTag), ("Last-Modified", metadata.lastModified.httpDate),
            ("Accept-Ranges", "bytes"),
        ]
        if let cache = metadata.cacheControl { headers.append(("Cache-Control", cache)) }
        if let location = metadata.websiteRedirectLocation { headers.append(("x-amz-website-redirect-location", location)) }
        for name in metadata.metadata.keys.sorted() { headers.append(("x-amz-meta-\(name)", metadata.metadata[name]!)) }
        return headers
    }

    /// ListObjectsV2 (`version 2`) or ListObjects (`version 1`, with markers); with `encoding-type=url` the
    /// keys and prefixes are percent-encoded, as boto3 asks for and decodes.
    static func listing(_ result: ListObjectsV2Result, version: Int, marker: String?, urlEncoded: Bool, requestId: String) -> WireResponse {
        func encode(_ text: String) -> String { urlEncoded ? KeyEncoding.percentEncoded(text) : text }
        return document("ListBucketResult", requestId: requestId) { xml in
            xml.element("Name", result.name)
            xml.element("Prefix", encode(result.prefix ?? ""))
            if let delimiter = result.delimiter { xml.element("Delimiter", encode(delimiter)) }
            xml.element("MaxKeys", String(result.maxKeys))
            if urlEncoded { xml.element("EncodingType", "url") }
            xml.element("IsTruncated", result.isTruncated ? "true" : "false")
            if version == 2 {
                xml.element("KeyCount", String(result.keyCount))
                if let token = result.continuationToken { xml.element("ContinuationToken", token) }
                if let token = result.nextContinuationToken { xml.element("NextContinuationToken", token) }
                if let startAfter = result.startAfter { xml.element("StartAfter", encode(startAfter)) }
            } else {
                xml.element("Marker", encode(marker ?? ""))
                // S3 gives NextMarker only with a delimiter; clients use the last key otherwise.
                if result.isTruncated, result.delimiter != nil {
                    let candidates: [String] = [result.contents.last?.key, result.commonPrefixes.last].compactMap { $0 }
                    let last = candidates.max { (a: String, b: String) -> Bool in a.utf8.lexicographicallyPrecedes(b.utf8) }
                    if let last { xml.element("NextMarker", encode(last)) }
                }
            }
            for object in result.contents {
                xml.open("Contents")
                xml.element("Key", encode(object.key))
                xml.element("LastModified", object.lastModified.iso8601)
                xml.element("ETag", object.eTag)
                xml.element("Size", String(object.size))
                xml.element("StorageClass", object.storageClass)
                xml.close("Contents")
            }
            for prefix in result.commonPrefixes {
                xml.open("CommonPrefixes")
                xml.element("Prefix", encode(prefix))
                xml.close("CommonPrefixes")
            }
        }
    }

    static func websiteConfiguration(_ configuration: WebsiteConfiguration, requestId: String) -> WireResponse {
        document("WebsiteConfiguration", requestId: requestId) { xml in
            if let redirect = configuration.redirectAllRequestsTo {
                xml.open("RedirectAllRequestsTo")
                xml.element("HostName", redirect.hostName)
                if let scheme = redirect.protocol { xml.element("Protocol", scheme) }
                xml.close("RedirectAllRequestsTo")
            }
            if let suffix = configuration.indexDocumentSuffix {
                xml.open("IndexDocument")
                xml.element("Suffix", suffix)
                xml.close("IndexDocument")
            }
            if let key = configuration.errorDocumentKey {
                xml.open("ErrorDocument")
                xml.element("Key", key)
                xml.close("ErrorDocument")
            }
            if !configuration.routingRules.isEmpty {
                xml.open("RoutingRules")
                for rule in configuration.routingRules {
                    xml.open("RoutingRule")
                    if rule.keyPrefixEquals != nil || rule.httpErrorCodeReturnedEquals != nil {
                        xml.open("Condition")
                        if let code = rule.httpErrorCodeReturnedEquals { xml.element("HttpErrorCodeReturnedEquals", String(code)) }
                        if let prefix = rule.keyPrefixEquals { xml.element("KeyPrefixEquals", prefix) }
                        xml.close("Condition")
                    }
                    xml.open("Redirect")
                    if let host = rule.hostName { xml.element("HostName", host) }
                    if let code = rule.httpRedirectCode { xml.element("HttpRedirectCode", String(code)) }
                    if let scheme = rule.protocol { xml.element("Protocol", scheme) }
                    if let prefix = rule.replaceKeyPrefixWith { xml.element("ReplaceKeyPrefixWith", prefix) }
                    if let key = rule.replaceKeyWith { xml.element("ReplaceKeyWith", key) }
                    xml.close("Redirect")
                    xml.close("RoutingRule")
                }
                xml.close("RoutingRules")
            }
        }
    }
}

/// `Sun, 06 Nov 1994 08:49:37 GMT` (IMF-fixdate), the form of `If-Modified-Since`; nil for anything else, which
/// HTTP says to ignore.
enum HTTPDate {
    static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    static func parse(_ text: String) -> Instant? {
        let parts = text.split(separator: " ")
        guard parts.count == 6, parts[5] == "GMT", let day = Int(parts[1]), let monthIndex = months.firstIndex(of: String(parts[2])),
            let year = Int(parts[3]), parts[4].count == 8
        else { return nil }
        let iso = String(format: "%04ld-%02ld-%02ldT", year, monthIndex + 1, day) + parts[4] + "Z"
        return Instant(iso8601: iso)
    }
}
