import AWSPorts
import Foundation

/// The XML documents S3 requests carry, read into the services' values; anything else is `MalformedXML`.
enum S3Documents {
    static func root(_ body: Data, expected: String) throws(AWSError) -> XMLElement {
        let root: XMLElement
        do {
            root = try XMLTree.parse([UInt8](body))
        } catch {
            throw S3WireErrors.malformedXML(error.description)
        }
        guard root.name == expected else { throw S3WireErrors.malformedXML("the root element is <\(root.name)>, not <\(expected)>") }
        return root
    }

    /// `<Delete><Quiet>true</Quiet><Object><Key>k</Key></Object>...</Delete>`.
    static func deleteList(_ body: Data) throws(AWSError) -> (keys: [String], quiet: Bool) {
        let root = try root(body, expected: "Delete")
        var keys: [String] = []
        for object in root.all("Object") {
            guard let key = object.value("Key") else { throw S3WireErrors.malformedXML("an <Object> has no <Key>") }
            keys.append(key)
        }
        let quiet = root.value("Quiet")?.trimmingCharacters(in: .whitespacesAndNewlines).lowercased() == "true"
        return (keys, quiet)
    }

    /// `<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>"..."</ETag></Part>...`.
    static func completedParts(_ body: Data) throws(AWSError) -> [CompletedPart] {
        let root = try root(body, expected: "CompleteMultipartUpload")
        var parts: [CompletedPart] = []
        for part in root.all("Part") {
            guard let numberText = part.value("PartNumber"), let number = Int(numberText.trimmingCharacters(in: .whitespacesAndNewlines)),
                let eTag = part.value("ETag")
            else { throw S3WireErrors.malformedXML("each <Part> needs a numeric <PartNumber> and an <ETag>") }
            parts.append(CompletedPart(partNumber: number, eTag: eTag))
        }
        return parts
    }

    /// `<WebsiteConfiguration>` with IndexDocument, ErrorDocument, RedirectAllRequestsTo and RoutingRules.
    static func websiteConfiguration(_ body: Data) throws(AWSError) -> WebsiteConfiguration {
        let root = try root(body, expected: "WebsiteConfiguration")
        var configuration = WebsiteConfiguration()
        configuration.indexDocumentSuffix = root.child("IndexDocument")?.value("Suffix")
        configuration.errorDocumentKey = root.child("ErrorDocument")?.value("Key")
        if let redirect = root.child("RedirectAllRequestsTo") {
            guard let host = redirect.value("HostName") else { throw S3WireErrors.malformedXML("<RedirectAllRequestsTo> needs a <HostName>") }
            configuration.redirectAllRequestsTo = WebsiteRedirect(hostName: host, protocol: redirect.value("Protocol"))
        }
        for element in root.child("RoutingRules")?.all("RoutingRule") ?? [] {
            guard let redirect = element.child("Redirect") else { throw S3WireErrors.malformedXML("a <RoutingRule> needs a <Redirect>") }
            let condition = element.child("Condition")
            var rule = RoutingRule(
                keyPrefixEquals: condition?.value("KeyPrefixEquals"), hostName: redirect.value("HostName"),
                protocol: redirect.value("Protocol"), replaceKeyPrefixWith: redirect.value("ReplaceKeyPrefixWith"),
                replaceKeyWith: redirect.value("ReplaceKeyWith"))
            if let text = condition?.value("HttpErrorCodeReturnedEquals") {
                guard let code = Int(text) else { throw S3WireErrors.malformedXML("HttpErrorCodeReturnedEquals '\(text)' is not a number") }
                rule.httpErrorCodeReturnedEquals = code
            }
            if let text = redirect.value("HttpRedirectCode") {
                guard let code = Int(text) else { throw S3WireErrors.malformedXML("HttpRedirectCode '\(text)' is not a number") }
                rule.httpRedirectCode = code
            }
            configuration.routingRules.append(rule)
        }
        return configuration
    }
}
