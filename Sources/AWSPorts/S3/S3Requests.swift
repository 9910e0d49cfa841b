import Foundation
import SimKernel

public struct BucketSummary: Hashable, Sendable {
    public var name: String
    public var creationDate: Instant

    public init(name: String, creationDate: Instant) {
        self.name = name
        self.creationDate = creationDate
    }
}

public struct PutObjectRequest: Sendable {
    public var bucket: String
    public var key: String
    public var body: Data
    /// Stored as given; S3 stores `binary/octet-stream` when absent.
    public var contentType: String?
    /// User metadata (`x-amz-meta-*`), names stored lower-case.
    public var metadata: [String: String]
    public var cacheControl: String?
    public var websiteRedirectLocation: String?

    public init(
        bucket: String, key: String, body: Data, contentType: String? = nil, metadata: [String: String] = [:],
        cacheControl: String? = nil, websiteRedirectLocation: String? = nil
    ) {
        self.bucket = bucket
        self.key = key
        self.body = body
        self.contentType = contentType
        self.metadata = metadata
        self.cacheControl = cacheControl
        self.websiteRedirectLocation = websiteRedirectLocation
    }
}

public struct PutObjectResult: Hashable, Sendable {
    /// The MD5 of the body in hex, in double quotes, as S3 returns it.
    public var eTag: String

    public init(eTag: String) { self.eTag = eTag }
}

/// Everything `HeadObject` returns about an object.
public struct ObjectMetadata: Hashable, Sendable {
    public var key: String
    public var contentType: String
    public var contentLength: Int
    public var eTag: String
    public var lastModified: Instant
    public var metadata: [String: String]
    public var cacheControl: String?
    public var websiteRedirectLocation: String?

    public init(
        key: String, contentType: String, contentLength: Int, eTag: String, lastModified: Instant,
        metadata: [String: String], cacheControl: String?, websiteRedirectLocation: String?
    ) {
        self.key = key
        self.contentType = contentType
        self.contentLength = contentLength
        self.eTag = eTag
        self.lastModified = lastModified
        self.metadata = metadata
        self.cacheControl = cacheControl
        self.websiteRedirectLocation = websiteRedirectLocation
    }
}

public struct GetObjectRequest: Sendable {
    public var bucket: String
    public var key: String
    /// An HTTP byte range such as `bytes=0-99`, `bytes=100-` or `bytes=-50`.
    public var range: String?
    /// Fails with `PreconditionFailed` (412) unless the ETag matches.
    public var ifMatch: String?
    /// Fails with `NotModified` (304) when the ETag matches.
    public var ifNoneMatch: String?
    /// Fails with `NotModified` (304) unless the object changed after this instant (ignored with `ifNoneMatch`).
    public var ifModifiedSince: Instant?
    /// Fails with `PreconditionFailed` (412) if the object changed after this instant (ignored with `ifMatch`).
    public var ifUnmodifiedSince: Instant?

    public init(
        bucket: String, key: String, range: String? = nil, ifMatch: String? = nil, ifNoneMatch: String? = nil,
        ifModifiedSince: Instant? = nil, ifUnmodifiedSince: Instant? = nil
    ) {
        self.bucket = bucket
        self.key = key
        self.range = range
        self.ifMatch = ifMatch
        self.ifNoneMatch = ifNoneMatch
        self.ifModifiedSince = ifModifiedSince
        self.ifUnmodifiedSince = ifUnmodifiedSince
    }
}

public struct S3Object: Hashable, Sendable {
    public var metadata: ObjectMetadata
    /// The body, or the requested range of it.
    public var body: Data
    /// `bytes first-last/total` when a range was requested.
    public var contentRange: String?

    public init(metadata: ObjectMetadata, body: Data, contentRange: String?) {
        self.metadata = metadata
        self.body = body
        self.contentRange = contentRange
    }
}

public enum MetadataDirective: String, Sendable {
    case copy = "COPY"
    case replace = "REPLACE"
}

public struct CopyObjectRequest: Sendable {
    public var sourceBucket: String
    public var sourceKey: String
    public var bucket: String
    public var key: String
    public var metadataDirective: MetadataDirective
    /// Used with `.replace`.
    public var contentType: String?
    /// Used with `.replace`.
    public var metadata: [String: String]
    public var websiteRedirectLocation: String?
    /// Used with `.replace`.
    public var cacheControl: String?

    public init(
        sourceBucket: String, sourceKey: String, bucket: String, key: String,
        metadataDirective: MetadataDirective = .copy, contentType: String? = nil, metadata: [String: String] = [:],
        websiteRedirectLocation: String? = nil, cacheControl: String? = nil
    ) {
        self.cacheControl = cacheControl
        self.sourceBucket = sourceBucket
        self.sourceKey = sourceKey
        self.bucket = bucket
        self.key = key
        self.metadataDirective = metadataDirective
        self.contentType = contentType
        self.metadata = metadata
        self.websiteRedirectLocation = websiteRedirectLocation
    }
}

public struct CopyObjectResult: Hashable, Sendable {
    public var eTag: String
    public var lastModified: Instant

    public init(eTag: String, lastModified: Instant) {
        self.eTag = eTag
        self.lastModified = lastModified
    }
}

public struct ListObjectsV2Request: Sendable {
    public var bucket: String
    public var prefix: String?
    public var delimiter: String?
    /// 0 to 1000 (larger values are treated as 1000, as S3 does).
    public var maxKeys: Int
    public var continuationToken: String?
    public var startAfter: String?
    /// ListObjects (v1): `startAfter` is a marker, and a marker that is a common prefix (it ends with the
    /// delimiter) skips every key under it, as S3's `NextMarker` paging needs.
    public var markerSkipsItsPrefix: Bool

    public init(
        bucket: String, prefix: String? = nil, delimiter: String? = nil, maxKeys: Int = 1000,
        continuationToken: String? = nil, startAfter: String? = nil, markerSkipsItsPrefix: Bool = false
    ) {
        self.markerSkipsItsPrefix = markerSkipsItsPrefix
        self.bucket = bucket
        self.prefix = prefix
        self.delimiter = delimiter
        self.maxKeys = maxKeys
        self.continuationToken = continuationToken
        self.startAfter = startAfter
    }
}

public struct S3ObjectSummary: Hashable, Sendable {
    public var key: String
    public var lastModified: Instant
    public var eTag: String
    public var size: Int
    public var storageClass: String

    public init(key: String, lastModified: Instant, eTag: String, size: Int, storageClass: String = "STANDARD") {
        self.key = key
        self.lastModified = lastModified
        self.eTag = eTag
        self.size = size
        self.storageClass = storageClass
    }
}

public struct ListObjectsV2Result: Sendable {
    public var name: String
    public var prefix: String?
    public var delimiter: String?
    public var maxKeys: Int
    public var contents: [S3ObjectSummary]
    public var commonPrefixes: [String]
    /// Keys plus common prefixes on this page.
    public var keyCount: Int
    public var isTruncated: Bool
    public var continuationToken: String?
    public var nextContinuationToken: String?
    public var startAfter: String?

    public init(
        name: String, prefix: String?, delimiter: String?, maxKeys: Int, contents: [S3ObjectSummary],
        commonPrefixes: [String], keyCount: Int, isTruncated: Bool, continuationToken: String?,
        nextContinuationToken: String?, startAfter: String?
    ) {
        self.name = name
        self.prefix = prefix
        self.delimiter = delimiter
        self.maxKeys = maxKeys
        self.contents = contents
        self.commonPrefixes = commonPrefixes
        self.keyCount = keyCount
        self.isTruncated = isTruncated
        self.continuationToken = continuationToken
        self.nextContinuationToken = nextContinuationToken
        self.startAfter = startAfter
    }
}

public struct DeleteObjectsError: Hashable, Sendable {
    public var key: String
    public var code: String
    public var message: String

    public init(key: String, code: String, message: String) {
        self.key = key
        self.code = code
        self.message = message
    }
}

public struct DeleteObjectsResult: Sendable {
    /// Keys reported deleted (empty in quiet mode). Deleting a missing key counts as deleted, as in S3.
    public var deleted: [String]
    public var errors: [DeleteObjectsError]

    public init(deleted: [String], errors: [DeleteObjectsError]) {
        self.deleted = deleted
        self.errors = errors
    }
}
