import SimKernel
import Crypto
import Foundation

/// What a sync of `dist/` to the edit bucket has to do, with `--delete` semantics: upload files that are new
/// or whose MD5 differs from the object's ETag, delete objects that are not in `dist/`. Worked through in
/// chunks so an interrupt can stop it between them.
final class SyncPlan {
    struct Upload {
        let key: String
        let body: Data
        let contentType: String
    }

    let bucket: String
    private(set) var uploads: [Upload]
    private(set) var deletions: [String]
    private(set) var uploaded = 0
    private(set) var deleted = 0

    init(bucket: String, uploads: [Upload], deletions: [String]) {
        self.bucket = bucket
        self.uploads = uploads
        self.deletions = deletions
    }

    var isFinished: Bool { uploaded == uploads.count && deleted == deletions.count }

    /// Compares the built files with the bucket's listing (key to ETag).
    static func make(bucket: String, distDirectory: URL, files: [String], existing: [String: String]) throws -> SyncPlan {
        var uploads: [Upload] = []
        for file in files {
            let body = try Data(contentsOf: distDirectory.appendingPathComponent(file))
            let eTag = "\"" + Hex.string(Insecure.MD5.hash(data: body)) + "\""
            if existing[file] != eTag {
                uploads.append(Upload(key: file, body: body, contentType: ContentType.forPath(file)))
            }
        }
        let kept = Set(files)
        let deletions = existing.keys.filter { !kept.contains($0) }.sorted()
        return SyncPlan(bucket: bucket, uploads: uploads, deletions: deletions)
    }

    /// The next uploads, at most `limit`, not yet done.
    func nextUploads(limit: Int) -> ArraySlice<Upload> {
        uploads[uploaded..<min(uploads.count, uploaded + limit)]
    }

    func markUploaded(_ count: Int) { uploaded += count }

    /// The deletions not yet done, at most 1000 (one `DeleteObjects` call).
    func nextDeletions() -> ArraySlice<String> {
        deletions[deleted..<min(deletions.count, deleted + 1000)]
    }

    func markDeleted(_ count: Int) { deleted += count }
}
