/// One event of a run's trace: when, which component, what it did, and its key fields as a JSON object.
///
/// Its canonical line is `{"at":"<ISO instant>","keys":<keys>,"op":"<operation>","service":"<source>"}`, with
/// `"command":{"commandId":...,"sessionId":...}` after `at` when the event happened for a worker's command;
/// the digest folds exactly those bytes, without building the line unless someone wants the text.
public struct TraceEvent: Sendable {
    public var instant: Instant
    public var source: String
    public var operation: String
    /// A JSON object (canonical text).
    public var keysJSON: String
    /// The command the event belongs to, as a canonical JSON object (`commandId`, `sessionId`), or nil.
    public var commandJSON: String?

    public init(instant: Instant, source: String, operation: String, keysJSON: String, commandJSON: String? = nil) {
        self.instant = instant
        self.source = source
        self.operation = operation
        self.keysJSON = keysJSON
        self.commandJSON = commandJSON
    }

    public var line: String {
        let command = commandJSON.map { "\"command\":\($0)," } ?? ""
        return "{\"at\":\"\(instant.iso8601)\",\(command)\"keys\":\(keysJSON),\"op\":\"\(operation)\",\"service\":\"\(source)\"}"
    }

    /// FNV-1a over the bytes of `line`, computed piece by piece.
    func lineHash() -> UInt64 {
        var hash = StableHash.fnv1a64(#"{"at":""#.utf8)
        hash = StableHash.fnv1a64(instant.iso8601.utf8, basis: hash)
        if let commandJSON {
            hash = StableHash.fnv1a64(#"","command":"#.utf8, basis: hash)
            hash = StableHash.fnv1a64(commandJSON.utf8, basis: hash)
            hash = StableHash.fnv1a64(#","keys":"#.utf8, basis: hash)
        } else {
            hash = StableHash.fnv1a64(#"","keys":"#.utf8, basis: hash)
        }
        hash = StableHash.fnv1a64(keysJSON.utf8, basis: hash)
        hash = StableHash.fnv1a64(#","op":""#.utf8, basis: hash)
        hash = StableHash.fnv1a64(operation.utf8, basis: hash)
        hash = StableHash.fnv1a64(#"","service":""#.utf8, basis: hash)
        hash = StableHash.fnv1a64(source.utf8, basis: hash)
        return StableHash.fnv1a64(#""}"#.utf8, basis: hash)
    }
}
