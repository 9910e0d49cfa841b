import AWSPorts
import SimKernel

/// An object's stored metadata (everything but the body).
struct ObjectRecord {
    var id: Int64
    var metadata: ObjectMetadata

    /// Columns to select for `init(row:)`, starting at column 0.
    static let columns = "id, key, size, etag, content_type, metadata, cache_control, website_redirect, last_modified_ns"

    init(row: SQLiteRow) {
        id = row.int64(0)
        metadata = ObjectMetadata(
            key: row.string(1), contentType: row.string(4), contentLength: row.int(2), eTag: row.string(3),
            lastModified: Instant(nanosecondsSinceUnixEpoch: row.int64(8)),
            metadata: UserMetadata.decode(row.optionalString(5)), cacheControl: row.optionalString(6),
            websiteRedirectLocation: row.optionalString(7))
    }
}

/// User metadata (`x-amz-meta-*`): names lower-cased, stored as a canonical JSON object.
enum UserMetadata {
    static func normalise(_ metadata: [String: String]) -> [String: String] {
        Dictionary(metadata.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { _, last in last })
    }

    static func encode(_ metadata: [String: String]) -> String? {
        metadata.isEmpty ? nil : JSONValue.canonicalObject(metadata)
    }

    static func decode(_ text: String?) -> [String: String] {
        guard let text, let object = (try? JSONValue.parse(text))?.objectValue else { return [:] }
        return object.compactMapValues(\.stringValue)
    }

    /// The size S3 counts against its 2 KB limit: names and values in UTF-8.
    static func size(_ metadata: [String: String]) -> Int {
        metadata.reduce(0) { $0 + $1.key.utf8.count + $1.value.utf8.count }
    }
}
