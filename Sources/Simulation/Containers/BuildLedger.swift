import Crypto
import Foundation
import SimKernel
import Worker

/// Every successful build of a run: which workspace, when it finished, and what `dist/` held (path to the
/// ETag S3 gives such a file). The bucket checker compares the buckets' history with these.
public final class BuildLedger {
    public struct Build: Hashable, Sendable {
        public var workspace: String
        public var finishedAt: Instant
        public var files: [String: String]
    }

    public private(set) var builds: [Build] = []

    public init() {}

    func record(_ build: Build) { builds.append(build) }

    public func builds(of workspace: String) -> [Build] { builds.filter { $0.workspace == workspace } }

    static func eTag(of data: Data) -> String {
        "\"" + Hex.string(Insecure.MD5.hash(data: data)) + "\""
    }
}
