import Foundation

/// A DynamoDB attribute value, one case per AWS type descriptor (`S`, `N`, `B`, `BOOL`, `NULL`, `M`, `L`,
/// `SS`, `NS`, `BS`). Numbers are kept as their decimal text, as on the wire.
public indirect enum AttributeValue: Hashable, Sendable {
    case s(String)
    case n(String)
    case b(Data)
    case bool(Bool)
    case null
    case m([String: AttributeValue])
    case l([AttributeValue])
    case ss([String])
    case ns([String])
    case bs([Data])

    /// The AWS type descriptor: `S`, `N`, `B`, `BOOL`, `NULL`, `M`, `L`, `SS`, `NS` or `BS`.
    public var typeDescriptor: String {
        switch self {
        case .s: "S"
        case .n: "N"
        case .b: "B"
        case .bool: "BOOL"
        case .null: "NULL"
        case .m: "M"
        case .l: "L"
        case .ss: "SS"
        case .ns: "NS"
        case .bs: "BS"
        }
    }

    public var stringValue: String? {
        if case .s(let value) = self { return value }
        return nil
    }

    public var numberValue: String? {
        if case .n(let value) = self { return value }
        return nil
    }

    public static func number(_ value: Int64) -> AttributeValue { .n(String(value)) }
    public static func number(_ value: Int) -> AttributeValue { .n(String(value)) }
}

/// An item: attribute names to values.
public typealias DynamoDBItem = [String: AttributeValue]
