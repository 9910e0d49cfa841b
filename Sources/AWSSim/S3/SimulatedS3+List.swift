import Foundation
import AWSPorts
import SimKernel

extension SimulatedS3 {
    /// Keys in UTF-8 byte order; with a delimiter, keys that share a prefix up to the delimiter collapse
    /// into one common prefix, which counts against `MaxKeys` like a key. The continuation token is opaque
    /// (base64 of the last key or common prefix returned).
    public func listObjectsV2(_ request: ListObjectsV2Request) throws(AWSError) -> ListObjectsV2Result {
        try context.perform(.s3, "ListObjectsV2", resource: request.bucket, readOnly: true) { db, _ in
            let bucketId = try existingBucketId(db, request.bucket)
            guard request.maxKeys >= 0 else {
                throw S3Errors.invalidArgument(
                    "Argument maxKeys must be an integer between 0 and 2147483647", name: "maxKeys",
                    value: String(request.maxKeys))
            }
            let maxKeys = min(request.maxKeys, 1000)
            let prefix = request.prefix ?? ""
            let delimiter = request.delimiter.flatMap { $0.isEmpty ? nil : $0 }
            var marker: ListMarker?
            if let token = request.continuationToken {
                guard let decoded = ListMarker(token: token) else {
                    throw S3Errors.invalidArgument(
                        "The continuation token provided is incorrect", name: "continuation-token", value: token)
                }
                marker = decoded
            } else if let startAfter = request.startAfter, !startAfter.isEmpty {
                let isCommonPrefix = request.markerSkipsItsPrefix && request.delimiter.map { !$0.isEmpty && startAfter.hasSuffix($0) } == true
                marker = ListMarker(value: startAfter, isCommonPrefix: isCommonPrefix)
            }

            var contents: [S3ObjectSummary] = []
            var commonPrefixes: [String] = []
            var lastEmitted: ListMarker?
            var truncated = false
            var cursor = prefix
            var inclusive = true
            if let marker, !UTF8Bytes.less(marker.value, prefix) {
                cursor = marker.value
                inclusive = false
            }
            let page = try db.sql(
                "SELECT key, size, etag, last_modified_ns FROM s3_object WHERE bucket_id = ? AND key >= ? ORDER BY key LIMIT 1001")
            scan: while true {
                let rows = try page.all(.integer(bucketId), .text(cursor)) { row in
                    (key: row.string(0), size: row.int(1), eTag: row.string(2), lastModified: row.int64(3))
                }
                var advanced = false
                for row in rows {
                    if !inclusive && row.key == cursor { continue }
                    advanced = true
                    cursor = row.key
                    inclusive = false
                    // Rows come in byte order from at least the prefix: the first one without it ends the range.
                    guard UTF8Bytes.hasPrefix(row.key, prefix) else { break scan }
                    if let skip = marker, skip.isCommonPrefix, UTF8Bytes.hasPrefix(row.key, skip.value) { continue }
                    var item = ListMarker(value: row.key, isCommonPrefix: false)
                    if let delimiter, let end = UTF8Bytes.endOfFirst(delimiter, in: row.key, from: prefix.utf8.count) {
                        item = ListMarker(value: UTF8Bytes.prefix(row.key, bytes: end), isCommonPrefix: true)
                        if item == lastEmitted { continue }
                    }
                    if contents.count + commonPrefixes.count >= maxKeys {
                        truncated = true
                        break scan
                    }
                    if item.isCommonPrefix {
                        commonPrefixes.append(item.value)
                    } else {
                        contents.append(S3ObjectSummary(
                            key: row.key, lastModified: Instant(nanosecondsSinceUnixEpoch: row.lastModified),
                            eTag: row.eTag, size: row.size))
                    }
                    lastEmitted = item
                }
                if rows.count < 1001 || !advanced { break }
            }
            let count = contents.count + commonPrefixes.count
            return ListObjectsV2Result(
                name: request.bucket, prefix: request.prefix, delimiter: request.delimiter, maxKeys: maxKeys,
                contents: contents, commonPrefixes: commonPrefixes, keyCount: count, isTruncated: truncated,
                continuationToken: request.continuationToken,
                nextContinuationToken: truncated ? lastEmitted?.token : nil, startAfter: request.startAfter)
        }
    }
}

/// Where a listing resumes: after a key, or after every key under a common prefix.
struct ListMarker: Equatable {
    var value: String
    var isCommonPrefix: Bool

    init(value: String, isCommonPrefix: Bool) {
        self.value = value
        self.isCommonPrefix = isCommonPrefix
    }

    init?(token: String) {
        guard let bytes = Data(base64Encoded: token).map([UInt8].init), let kind = bytes.first, kind == 75 || kind == 80 else { return nil }
        value = String(decoding: bytes.dropFirst(), as: UTF8.self)
        isCommonPrefix = kind == 80
    }

    var token: String { Data([isCommonPrefix ? 80 : 75] + Array(value.utf8)).base64EncodedString() }
}

/// Byte-wise string operations: S3 compares keys as UTF-8 bytes, while Swift's `String` compares
/// grapheme clusters.
enum UTF8Bytes {
    static func hasPrefix(_ text: String, _ prefix: String) -> Bool { text.utf8.starts(with: prefix.utf8) }

    static func less(_ a: String, _ b: String) -> Bool { a.utf8.lexicographicallyPrecedes(b.utf8) }

    /// The byte offset just past the first occurrence of `needle` at or after byte `start`, if any.
    static func endOfFirst(_ needle: String, in text: String, from start: Int) -> Int? {
        let pattern = Array(needle.utf8)
        guard !pattern.isEmpty else { return nil }
        let bytes = Array(text.utf8)
        guard start <= bytes.count else { return nil }
        return bytes[start...].firstRange(of: pattern)?.upperBound
    }

    /// The first `bytes` bytes of `text` (a UTF-8 boundary: the end of a delimiter match).
    static func prefix(_ text: String, bytes: Int) -> String {
        String(decoding: text.utf8.prefix(bytes), as: UTF8.self)
    }
}
