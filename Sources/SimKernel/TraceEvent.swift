/// One event of a run's trace: when, which component, what it did, and its key fields as a JSON object.
///
/// Its canonical line is `{"at":"<ISO instant>","keys":<keys>,"op":"<operation>","service":"<source>"}`;
/// the digest folds exactly those bytes, without building the line unless someone wants the text.
public struct TraceEvent: Sendable {
    public var instant: Instant
    public var source: String
    public var operation: String
    /// A JSON object (canonical text).
    public var keysJSON: String

    public init(instant: Instant, source: String, operation: String, keysJSON: String) {
        self.instant = instant
        self.source = source
        self.operation = operation
        self.keysJSON = keysJSON
    }

    public var line: String {
        "{\"at\":\"\(instant.iso8601)\",\"keys\":\(keysJSON),\"op\":\"\(operation)\",\"service\":\"\(source)\"}"
    }

    /// FNV-1a over the bytes of `line`, computed piece by piece.
    func lineHash() -> UInt64 {
        var hash = StableHash.fnv1a64(#"{"at":""#.utf8)
        hash = StableHash.fnv1a64(instant.iso8601.utf8, basis: hash)
        hash = StableHash.fnv1a64(#"","keys":"#.utf8, basis: hash)
        hash = StableHash.fnv1a64(keysJSON.utf8, basis: hash)
        hash = StableHash.fnv1a64(#","op":""#.utf8, basis: hash)
        hash = StableHash.fnv1a64(operation.utf8, basis: hash)
        hash = StableHash.fnv1a64(#"","service":""#.utf8, basis: hash)
        hash = StableHash.fnv1a64(source.utf8, basis: hash)
        return StableHash.fnv1a64(#""}"#.utf8, basis: hash)
    }
}
