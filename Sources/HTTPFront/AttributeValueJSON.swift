import AWSPorts
import Foundation
import SimKernel

/// DynamoDB attribute values in their JSON form (`{"S": "x"}`, `{"N": "1"}`, `{"B": "<base64>"}`, ...).
enum AttributeValueJSON {
    static func encode(_ item: DynamoDBItem) -> JSONValue { .object(item.mapValues(encode)) }

    static func encode(_ value: AttributeValue) -> JSONValue {
        switch value {
        case .s(let text): .object(["S": .string(text)])
        case .n(let text): .object(["N": .string(text)])
        case .b(let data): .object(["B": .string(data.base64EncodedString())])
        case .bool(let flag): .object(["BOOL": .bool(flag)])
        case .null: .object(["NULL": .bool(true)])
        case .m(let map): .object(["M": encode(map)])
        case .l(let list): .object(["L": .array(list.map(encode))])
        case .ss(let set): .object(["SS": .array(set.map { .string($0) })])
        case .ns(let set): .object(["NS": .array(set.map { .string($0) })])
        case .bs(let set): .object(["BS": .array(set.map { .string($0.base64EncodedString()) })])
        }
    }

    static func decodeItem(_ value: JSONValue, member: String) throws(AWSError) -> DynamoDBItem {
        guard case .object(let members) = value else { throw invalid(member, "must be a map of attribute values") }
        var item: DynamoDBItem = [:]
        for (name, attribute) in members { item[name] = try decode(attribute, member: "\(member).\(name)") }
        return item
    }

    static func decode(_ value: JSONValue, member: String) throws(AWSError) -> AttributeValue {
        guard case .object(let members) = value, members.count == 1, let (type, inner) = members.first else {
            throw AWSError(code: "ValidationException", message: "Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes (\(member))")
        }
        switch (type, inner) {
        case ("S", .string(let text)): return .s(text)
        case ("N", .string(let text)): return .n(text)
        case ("B", .string(let text)): return .b(try base64(text, member))
        case ("BOOL", .bool(let flag)): return .bool(flag)
        case ("NULL", .bool(true)): return .null
        case ("M", .object):
            return .m(try decodeItem(inner, member: member))
        case ("L", .array(let list)):
            var values: [AttributeValue] = []
            for (index, element) in list.enumerated() { values.append(try decode(element, member: "\(member)[\(index)]")) }
            return .l(values)
        case ("SS", .array(let list)): return .ss(try strings(list, member))
        case ("NS", .array(let list)): return .ns(try strings(list, member))
        case ("BS", .array(let list)):
            var values: [Data] = []
            for text in try strings(list, member) { values.append(try base64(text, member)) }
            return .bs(values)
        default:
            throw AWSError(code: "ValidationException", message: "Supplied AttributeValue is empty or of a type DynamoDB does not know: \(type) (\(member))")
        }
    }

    private static func strings(_ list: [JSONValue], _ member: String) throws(AWSError) -> [String] {
        var out: [String] = []
        for element in list {
            guard case .string(let text) = element else { throw invalid(member, "set members must be strings") }
            out.append(text)
        }
        return out
    }

    private static func base64(_ text: String, _ member: String) throws(AWSError) -> Data {
        guard let data = Data(base64Encoded: text) else { throw invalid(member, "is not valid base64") }
        return data
    }

    private static func invalid(_ member: String, _ reason: String) -> AWSError {
        AWSError(code: "ValidationException", message: "\(member) \(reason)")
    }
}
