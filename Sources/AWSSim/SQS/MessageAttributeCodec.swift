import AWSPorts
import Foundation
import SimKernel

/// Message attributes: AWS's MD5 encoding, the size AWS counts, validation, and the stored JSON form.
enum MessageAttributeCodec {
    /// The MD5 AWS returns as `MD5OfMessageAttributes`: over the attributes sorted by name, each as
    /// length-prefixed name, length-prefixed data type, a transport byte (1 string/number, 2 binary) and the
    /// length-prefixed value, lengths as 4-byte big-endian integers.
    static func md5(_ attributes: [String: MessageAttributeValue]) -> String? {
        guard !attributes.isEmpty else { return nil }
        var bytes: [UInt8] = []
        for name in JSONValue.sortedKeys(attributes.keys) {
            let value = attributes[name]!
            appendLengthPrefixed(Array(name.utf8), to: &bytes)
            appendLengthPrefixed(Array(value.dataType.utf8), to: &bytes)
            if let binary = value.binaryValue, value.baseType == "Binary" {
                bytes.append(2)
                appendLengthPrefixed(Array(binary), to: &bytes)
            } else {
                bytes.append(1)
                appendLengthPrefixed(Array((value.stringValue ?? "").utf8), to: &bytes)
            }
        }
        return Digests.md5Hex(bytes)
    }

    private static func appendLengthPrefixed(_ value: [UInt8], to bytes: inout [UInt8]) {
        let length = UInt32(value.count)
        bytes.append(UInt8(length >> 24 & 0xff))
        bytes.append(UInt8(length >> 16 & 0xff))
        bytes.append(UInt8(length >> 8 & 0xff))
        bytes.append(UInt8(length & 0xff))
        bytes.append(contentsOf: value)
    }

    /// The bytes AWS counts towards `MaximumMessageSize`: name, type and value of each attribute.
    static func size(_ attributes: [String: MessageAttributeValue]) -> Int {
        if attributes.isEmpty { return 0 }
        return attributes.reduce(0) { total, entry in
            total + entry.key.utf8.count + entry.value.dataType.utf8.count
                + (entry.value.binaryValue?.count ?? entry.value.stringValue?.utf8.count ?? 0)
        }
    }

    /// Validates names, types and values as AWS does (at most 10 attributes).
    static func validate(_ attributes: [String: MessageAttributeValue]) throws(AWSError) {
        if attributes.isEmpty { return }
        if attributes.count > 10 {
            throw SQSErrors.invalidParameterValue(
                "Number of message attributes [\(attributes.count)] exceeds the allowed maximum [10].")
        }
        for name in JSONValue.sortedKeys(attributes.keys) {
            let value = attributes[name]!
            try validateName(name)
            let base = value.baseType
            guard ["String", "Number", "Binary"].contains(base), value.dataType.utf8.count <= 256 else {
                throw SQSErrors.invalidParameterValue(
                    "The type of message (user) attribute '\(name)' is invalid. You must use only the following supported type prefixes: Binary, Number, String.")
            }
            switch base {
            case "Binary":
                guard value.binaryValue != nil, value.stringValue == nil else {
                    throw SQSErrors.invalidParameterValue(
                        "Message (user) attribute '\(name)' must contain a non-empty message attribute value for message attribute type 'Binary'.")
                }
            default:
                guard let text = value.stringValue, !text.isEmpty, value.binaryValue == nil else {
                    throw SQSErrors.invalidParameterValue(
                        "Message (user) attribute '\(name)' must contain a non-empty message attribute value for message attribute type '\(base)'.")
                }
                if base == "Number", !isNumber(text) {
                    throw SQSErrors.invalidParameterValue(
                        "Can't cast the value of message (user) attribute '\(name)' to a number.")
                }
                if !MessageText.isValid(text) { throw SQSErrors.invalidMessageContents() }
            }
        }
    }

    static func validateName(_ name: String) throws(AWSError) {
        let bytes = Array(name.utf8)
        let valid = !bytes.isEmpty && bytes.count <= 256
            && bytes.allSatisfy { isASCIIAlphanumeric($0) || $0 == 95 || $0 == 45 || $0 == 46 }
            && bytes.first != 46 && bytes.last != 46 && !name.contains("..")
            && !name.lowercased().hasPrefix("aws.") && !name.lowercased().hasPrefix("amazon.")
        guard valid else {
            throw SQSErrors.invalidParameterValue(
                "Message (user) attribute name '\(name)' is invalid. The attribute name can contain A-Z, a-z, 0-9, underscore (_), hyphen (-), and period (.) characters.")
        }
    }

    private static func isNumber(_ text: String) -> Bool {
        Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")) != nil
            && text.utf8.allSatisfy { (48...57).contains($0) || $0 == 45 || $0 == 43 || $0 == 46 || $0 == 101 || $0 == 69 }
    }

    /// The stored JSON form: `{"name":{"DataType":"String","StringValue":"x"}}`, binary values in base64.
    static func encode(_ attributes: [String: MessageAttributeValue]) -> String? {
        guard !attributes.isEmpty else { return nil }
        var object: [String: JSONValue] = [:]
        for (name, value) in attributes {
            var member: [String: JSONValue] = ["DataType": .string(value.dataType)]
            if let s = value.stringValue { member["StringValue"] = .string(s) }
            if let b = value.binaryValue { member["BinaryValue"] = .string(Data(b).base64EncodedString()) }
            object[name] = .object(member)
        }
        return JSONValue.object(object).canonicalText
    }

    static func decode(_ text: String?) -> [String: MessageAttributeValue] {
        guard let text, let object = (try? JSONValue.parse(text))?.objectValue else { return [:] }
        var out: [String: MessageAttributeValue] = [:]
        for (name, member) in object {
            guard let dataType = member["DataType"]?.stringValue else { continue }
            out[name] = MessageAttributeValue(
                dataType: dataType, stringValue: member["StringValue"]?.stringValue,
                binaryValue: member["BinaryValue"]?.stringValue.flatMap { Data(base64Encoded: $0) })
        }
        return out
    }

    /// Filters attributes by the names a receive asked for: `All`, `.*`, exact names, or `prefix.*`.
    static func select(_ attributes: [String: MessageAttributeValue], names: [String]) -> [String: MessageAttributeValue] {
        guard !names.isEmpty, !attributes.isEmpty else { return [:] }
        if names.contains("All") || names.contains(".*") { return attributes }
        return attributes.filter { entry in
            names.contains { pattern in
                if pattern.hasSuffix(".*") { return entry.key.hasPrefix(String(pattern.dropLast(1))) }
                return pattern == entry.key
            }
        }
    }
}

/// The characters SQS accepts in a message body or string attribute.
enum MessageText {
    static func isValid(_ text: String) -> Bool {
        // Printable ASCII, tab and newlines are always valid: check bytes before decoding scalars.
        if text.utf8.allSatisfy({ ($0 >= 0x20 && $0 < 0x80) || $0 == 0x9 || $0 == 0xA || $0 == 0xD }) { return true }
        for scalar in text.unicodeScalars {
            let v = scalar.value
            let ok = v == 0x9 || v == 0xA || v == 0xD || (0x20...0xD7FF).contains(v) || (0xE000...0xFFFD).contains(v)
                || (0x10000...0x10FFFF).contains(v)
            if !ok { return false }
        }
        return true
    }
}
