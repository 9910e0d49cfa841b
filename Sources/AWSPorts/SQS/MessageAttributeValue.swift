import Foundation

/// A typed SQS message attribute. `dataType` is `String`, `Number` or `Binary`, optionally with a custom
/// suffix (`String.url`).
public struct MessageAttributeValue: Hashable, Sendable {
    public var dataType: String
    public var stringValue: String?
    public var binaryValue: Data?

    public init(dataType: String, stringValue: String? = nil, binaryValue: Data? = nil) {
        self.dataType = dataType
        self.stringValue = stringValue
        self.binaryValue = binaryValue
    }

    public static func string(_ value: String) -> Self { .init(dataType: "String", stringValue: value) }
    public static func number(_ value: String) -> Self { .init(dataType: "Number", stringValue: value) }
    public static func binary(_ value: Data) -> Self { .init(dataType: "Binary", binaryValue: value) }

    /// The base type before any custom suffix: `String`, `Number` or `Binary` (or what the caller wrote).
    public var baseType: String {
        dataType.split(separator: ".", maxSplits: 1).first.map(String.init) ?? dataType
    }
}
