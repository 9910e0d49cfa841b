import AWSPorts
import SimKernel

/// A bucket's website configuration as stored (canonical JSON in `s3_bucket.website`).
enum WebsiteConfigurationCodec {
    static func encode(_ configuration: WebsiteConfiguration) -> String {
        var object: [String: JSONValue] = [:]
        if let suffix = configuration.indexDocumentSuffix { object["IndexDocument"] = .string(suffix) }
        if let key = configuration.errorDocumentKey { object["ErrorDocument"] = .string(key) }
        if let redirect = configuration.redirectAllRequestsTo {
            var member: [String: JSONValue] = ["HostName": .string(redirect.hostName)]
            if let p = redirect.protocol { member["Protocol"] = .string(p) }
            object["RedirectAllRequestsTo"] = .object(member)
        }
        if !configuration.routingRules.isEmpty {
            object["RoutingRules"] = .array(configuration.routingRules.map { rule in
                var member: [String: JSONValue] = [:]
                if let v = rule.keyPrefixEquals { member["KeyPrefixEquals"] = .string(v) }
                if let v = rule.httpErrorCodeReturnedEquals { member["HttpErrorCodeReturnedEquals"] = .number(String(v)) }
                if let v = rule.hostName { member["HostName"] = .string(v) }
                if let v = rule.protocol { member["Protocol"] = .string(v) }
                if let v = rule.replaceKeyPrefixWith { member["ReplaceKeyPrefixWith"] = .string(v) }
                if let v = rule.replaceKeyWith { member["ReplaceKeyWith"] = .string(v) }
                if let v = rule.httpRedirectCode { member["HttpRedirectCode"] = .number(String(v)) }
                return .object(member)
            })
        }
        return JSONValue.object(object).canonicalText
    }

    static func decode(_ text: String) -> WebsiteConfiguration? {
        guard let object = (try? JSONValue.parse(text))?.objectValue else { return nil }
        var configuration = WebsiteConfiguration(
            indexDocumentSuffix: object["IndexDocument"]?.stringValue, errorDocumentKey: object["ErrorDocument"]?.stringValue)
        if let redirect = object["RedirectAllRequestsTo"], let host = redirect["HostName"]?.stringValue {
            configuration.redirectAllRequestsTo = WebsiteRedirect(hostName: host, protocol: redirect["Protocol"]?.stringValue)
        }
        configuration.routingRules = (object["RoutingRules"]?.arrayValue ?? []).map { rule in
            func int(_ key: String) -> Int? {
                if case .number(let n) = rule[key] { return Int(n) }
                return nil
            }
            return RoutingRule(
                keyPrefixEquals: rule["KeyPrefixEquals"]?.stringValue, httpErrorCodeReturnedEquals: int("HttpErrorCodeReturnedEquals"),
                hostName: rule["HostName"]?.stringValue, protocol: rule["Protocol"]?.stringValue,
                replaceKeyPrefixWith: rule["ReplaceKeyPrefixWith"]?.stringValue, replaceKeyWith: rule["ReplaceKeyWith"]?.stringValue,
                httpRedirectCode: int("HttpRedirectCode"))
        }
        return configuration
    }
}
