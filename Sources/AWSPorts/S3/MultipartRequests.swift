import Foundation
import SimKernel

public struct CreateMultipartUploadRequest: Sendable {
    public var bucket: String
    public var key: String
    /// What the completed object gets; `binary/octet-stream` when absent.
    public var contentType: String?
    public var metadata: [String: String]
    public var cacheControl: String?
    public var websiteRedirectLocation: String?

    public init(
        bucket: String, key: String, contentType: String? = nil, metadata: [String: String] = [:],
        cacheControl: String? = nil, websiteRedirectLocation: String? = nil
    ) {
        self.bucket = bucket
        self.key = key
        self.contentType = contentType
        self.metadata = metadata
        self.cacheControl = cacheControl
        self.websiteRedirectLocation = websiteRedirectLocation
    }
}

/// A multipart upload in progress.
public struct MultipartUpload: Hashable, Sendable {
    public var uploadId: String
    public var key: String
    public var initiated: Instant

    public init(uploadId: String, key: String, initiated: Instant) {
        self.uploadId = uploadId
        self.key = key
        self.initiated = initiated
    }
}

/// A part as stored.
public struct UploadedPart: Hashable, Sendable {
    public var partNumber: Int
    public var eTag: String
    public var size: Int
    public var lastModified: Instant

    public init(partNumber: Int, eTag: String, size: Int, lastModified: Instant) {
        self.partNumber = partNumber
        self.eTag = eTag
        self.size = size
        self.lastModified = lastModified
    }
}

/// A part named in `CompleteMultipartUpload`: its number and the ETag `UploadPart` returned.
public struct CompletedPart: Hashable, Sendable {
    public var partNumber: Int
    public var eTag: String

    public init(partNumber: Int, eTag: String) {
        self.partNumber = partNumber
        self.eTag = eTag
    }
}

public struct ListPartsResult: Sendable {
    public var parts: [UploadedPart]
    public var maxParts: Int
    public var partNumberMarker: Int
    public var nextPartNumberMarker: Int?
    public var isTruncated: Bool

    public init(parts: [UploadedPart], maxParts: Int, partNumberMarker: Int, nextPartNumberMarker: Int?, isTruncated: Bool) {
        self.parts = parts
        self.maxParts = maxParts
        self.partNumberMarker = partNumberMarker
        self.nextPartNumberMarker = nextPartNumberMarker
        self.isTruncated = isTruncated
    }
}
