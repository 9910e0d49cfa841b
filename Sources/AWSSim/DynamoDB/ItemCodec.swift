import AWSPorts
import Foundation
import SimKernel

/// Items as stored: DynamoDB JSON (`{"name":{"S":"x"}}`), canonical, so the database is readable and
/// `json_extract` works on it.
enum ItemCodec {
    static func encode(_ item: DynamoDBItem) -> String {
        JSONValue.object(item.mapValues(json)).canonicalText
    }

    static func json(_ value: AttributeValue) -> JSONValue {
        switch value {
        case .s(let s): .object(["S": .string(s)])
        case .n(let n): .object(["N": .string(n)])
        case .b(let b): .object(["B": .string(Data(b).base64EncodedString())])
        case .bool(let b): .object(["BOOL": .bool(b)])
        case .null: .object(["NULL": .bool(true)])
        case .m(let m): .object(["M": .object(m.mapValues(json))])
        case .l(let l): .object(["L": .array(l.map(json))])
        case .ss(let ss): .object(["SS": .array(ss.map { .string($0) })])
        case .ns(let ns): .object(["NS": .array(ns.map { .string($0) })])
        case .bs(let bs): .object(["BS": .array(bs.map { .string(Data($0).base64EncodedString()) })])
        }
    }

    static func decode(_ text: String) -> DynamoDBItem {
        guard let object = (try? JSONValue.parse(text))?.objectValue else { return [:] }
        return object.compactMapValues(value)
    }

    static func value(_ json: JSONValue) -> AttributeValue? {
        guard let object = json.objectValue, let (type, member) = object.first else { return nil }
        switch type {
        case "S": return member.stringValue.map { .s($0) }
        case "N": return member.stringValue.map { .n($0) }
        case "B": return member.stringValue.flatMap { Data(base64Encoded: $0) }.map { .b($0) }
        case "BOOL": if case .bool(let b) = member { return .bool(b) }; return nil
        case "NULL": return .null
        case "M": return member.objectValue.map { .m($0.compactMapValues(value)) }
        case "L": return member.arrayValue.map { .l($0.compactMap(value)) }
        case "SS": return member.arrayValue.map { .ss($0.compactMap(\.stringValue)) }
        case "NS": return member.arrayValue.map { .ns($0.compactMap(\.stringValue)) }
        case "BS": return member.arrayValue.map { .bs($0.compactMap(\.stringValue).compactMap { Data(base64Encoded: $0) }) }
        default: return nil
        }
    }

    /// Validates values as DynamoDB does on write, and returns the item with numbers normalised.
    static func validated(_ item: DynamoDBItem) throws(AWSError) -> DynamoDBItem {
        var out: DynamoDBItem = [:]
        for name in JSONValue.sortedKeys(item.keys) {
            if name.isEmpty {
                throw DynamoDBErrors.invalidParameter("An attribute name cannot be empty")
            }
            out[name] = try validated(item[name]!)
        }
        return out
    }

    static func validated(_ value: AttributeValue) throws(AWSError) -> AttributeValue {
        switch value {
        case .n(let text): return .n(try number(text).text)
        case .ns(let numbers):
            if numbers.isEmpty { throw DynamoDBErrors.invalidParameter("An number set  may not be empty") }
            var normalised: [String] = []
            for text in numbers { normalised.append(try number(text).text) }
            try requireDistinct(normalised)
            return .ns(normalised)
        case .ss(let strings):
            if strings.isEmpty { throw DynamoDBErrors.invalidParameter("An string set  may not be empty") }
            try requireDistinct(strings)
            return value
        case .bs(let blobs):
            if blobs.isEmpty { throw DynamoDBErrors.invalidParameter("Binary sets should not be empty") }
            try requireDistinct(blobs.map { Data($0).base64EncodedString() })
            return value
        case .m(let members):
            var out: [String: AttributeValue] = [:]
            for (key, member) in members { out[key] = try validated(member) }
            return .m(out)
        case .l(let elements):
            var out: [AttributeValue] = []
            for element in elements { out.append(try validated(element)) }
            return .l(out)
        case .s, .b, .bool, .null:
            return value
        }
    }

    static func number(_ text: String) throws(AWSError) -> DynamoNumber {
        do {
            return try DynamoNumber(text)
        } catch .tooManyDigits {
            throw DynamoDBErrors.validation("Attempting to store more than 38 significant digits in a Number")
        } catch .overflow {
            throw DynamoDBErrors.validation("Number overflow. Attempting to store a number with magnitude larger than supported range")
        } catch .underflow {
            throw DynamoDBErrors.validation("Number underflow. Attempting to store a number with magnitude smaller than supported range")
        } catch {
            throw DynamoDBErrors.validation("A value provided cannot be converted into a number")
        }
    }

    private static func requireDistinct(_ values: [String]) throws(AWSError) {
        if Set(values).count != values.count {
            throw DynamoDBErrors.invalidParameter("Input collection [\(values.joined(separator: ", "))] contains duplicates.")
        }
    }

    /// The size DynamoDB counts against its 400 KB item limit.
    static func size(_ item: DynamoDBItem) -> Int {
        item.reduce(0) { $0 + $1.key.utf8.count + size($1.value) }
    }

    static func size(_ value: AttributeValue) -> Int {
        switch value {
        case .s(let s): s.utf8.count
        case .n(let n): (((try? DynamoNumber(n))?.digits.count ?? 1) + 1) / 2 + 1
        case .b(let b): b.count
        case .bool, .null: 1
        case .m(let m): 3 + m.reduce(0) { $0 + $1.key.utf8.count + size($1.value) + 1 }
        case .l(let l): 3 + l.reduce(0) { $0 + size($1) + 1 }
        case .ss(let ss): ss.reduce(0) { $0 + $1.utf8.count }
        case .ns(let ns): ns.reduce(0) { $0 + size(.n($1)) }
        case .bs(let bs): bs.reduce(0) { $0 + $1.count }
        }
    }
}
