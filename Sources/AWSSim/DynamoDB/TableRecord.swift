import AWSPorts
import Foundation
import SimKernel

/// A table's key schema and TTL setting.
struct TableRecord {
    var id: Int64
    var name: String
    var hashKey: String
    var hashType: ScalarAttributeType
    var rangeKey: String?
    var rangeType: ScalarAttributeType?
    var ttlAttribute: String?
    var ttlEnabled: Bool
    var createdAt: Instant

    static let columns = "id, name, hash_key, hash_type, range_key, range_type, ttl_attribute, ttl_enabled, created_ns"

    init(row: SQLiteRow) {
        id = row.int64(0)
        name = row.string(1)
        hashKey = row.string(2)
        hashType = ScalarAttributeType(rawValue: row.string(3)) ?? .s
        rangeKey = row.optionalString(4)
        rangeType = row.optionalString(5).flatMap(ScalarAttributeType.init(rawValue:))
        ttlAttribute = row.optionalString(6)
        ttlEnabled = row.bool(7)
        createdAt = Instant(nanosecondsSinceUnixEpoch: row.int64(8))
    }

    var keyNames: [String] { [hashKey] + (rangeKey.map { [$0] } ?? []) }

    var keySchema: [KeySchemaElement] {
        [KeySchemaElement(attributeName: hashKey, keyType: .hash)]
            + (rangeKey.map { [KeySchemaElement(attributeName: $0, keyType: .range)] } ?? [])
    }

    var attributeDefinitions: [AttributeDefinition] {
        [AttributeDefinition(attributeName: hashKey, attributeType: hashType)]
            + (rangeKey.map { [AttributeDefinition(attributeName: $0, attributeType: rangeType!)] } ?? [])
    }

    /// The stored key of an item that must contain the key attributes with the right types.
    func storedKey(ofItem item: DynamoDBItem) throws(AWSError) -> StoredKey {
        func component(_ name: String, _ type: ScalarAttributeType) throws(AWSError) -> String {
            guard let value = item[name] else { throw DynamoDBErrors.invalidParameter("Missing the key \(name) in the item") }
            return try KeyCodec.encode(value, type: type, attributeName: name)
        }
        return StoredKey(
            hash: try component(hashKey, hashType), range: try rangeKey.map { name throws(AWSError) in try component(name, rangeType!) } ?? "")
    }

    /// The stored key from a `Key` parameter, which must name exactly the key attributes.
    func storedKey(ofKey key: DynamoDBItem) throws(AWSError) -> StoredKey {
        guard Set(key.keys) == Set(keyNames) else { throw DynamoDBErrors.keyDoesNotMatchSchema() }
        do {
            return try storedKey(ofItem: key)
        } catch {
            throw error.message.contains("cannot contain an empty") ? error : DynamoDBErrors.keyDoesNotMatchSchema()
        }
    }

    /// The key attributes of an item (for `LastEvaluatedKey`).
    func keyAttributes(of item: DynamoDBItem) -> DynamoDBItem {
        item.filter { keyNames.contains($0.key) }
    }

    /// The latest expiry an `Instant` can represent, in epoch seconds (less a day of margin for delays).
    static let latestExpiry: Int64 = Int64.max / 1_000_000_000 - 86_400

    /// The epoch second an item expires at, when TTL is on and the item has a numeric TTL attribute.
    func expiry(of item: DynamoDBItem) -> Int64? {
        guard ttlEnabled, let attribute = ttlAttribute, case .n(let text)? = item[attribute],
            let number = try? DynamoNumber(text), number.sign > 0
        else { return nil }
        let posix = Locale(identifier: "en_US_POSIX")
        guard let value = Decimal(string: number.text, locale: posix) else { return nil }
        // Beyond the year 2262 an instant cannot hold it (a TTL written in milliseconds, say): as in AWS, an
        // item whose TTL is more than five years ahead is simply not deleted.
        guard value < Decimal(Self.latestExpiry) else { return nil }
        return NSDecimalNumber(decimal: value).int64Value
    }
}

struct StoredKey: Hashable {
    var hash: String
    var range: String
}

/// Key values as stored: strings as themselves, numbers as an order-preserving encoding, binary as hex, so
/// SQLite's byte order is DynamoDB's key order.
enum KeyCodec {
    static func encode(_ value: AttributeValue, type: ScalarAttributeType, attributeName: String) throws(AWSError) -> String {
        switch (type, value) {
        case (.s, .s(let s)):
            if s.isEmpty { throw emptyKey(attributeName) }
            return s
        case (.n, .n(let text)):
            return try ItemCodec.number(text).sortKey
        case (.b, .b(let data)):
            if data.isEmpty { throw emptyKey(attributeName) }
            return Hex.string(data)
        default:
            throw DynamoDBErrors.invalidParameter(
                "Type mismatch for key \(attributeName) expected: \(type.rawValue) actual: \(value.typeDescriptor)")
        }
    }

    private static func emptyKey(_ name: String) -> AWSError {
        DynamoDBErrors.validation(
            "One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty string value. Key: \(name)")
    }
}
