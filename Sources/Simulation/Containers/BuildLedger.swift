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

/// A site builder that records what each successful build wrote.
final class RecordingSiteBuilder: SiteBuilder {
    let inner: any SiteBuilder
    let ledger: BuildLedger
    let clock: () -> Instant

    init(_ inner: any SiteBuilder, ledger: BuildLedger, clock: @escaping () -> Instant) {
        self.inner = inner
        self.ledger = ledger
        self.clock = clock
    }

    func start(workspace: String, at instant: Instant) -> BuildTask {
        RecordingBuildTask(inner: inner.start(workspace: workspace, at: instant), workspace: workspace, builder: self)
    }
}

final class RecordingBuildTask: BuildTask {
    let inner: BuildTask
    let workspace: String
    let builder: RecordingSiteBuilder

    init(inner: BuildTask, workspace: String, builder: RecordingSiteBuilder) {
        self.inner = inner
        self.workspace = workspace
        self.builder = builder
    }

    var duration: Duration { inner.duration }

    func complete() -> BuildResult {
        let result = inner.complete()
        if case .success(let paths) = result {
            let dist = URL(fileURLWithPath: workspace).appendingPathComponent("dist")
            var files: [String: String] = [:]
            for path in paths {
                if let data = FileManager.default.contents(atPath: dist.appendingPathComponent(path).path) {
                    files[path] = BuildLedger.eTag(of: data)
                }
            }
            builder.ledger.record(BuildLedger.Build(workspace: workspace, finishedAt: builder.clock(), files: files))
        }
        return result
    }

    func interrupt(after elapsed: Duration) -> BuildResult { inner.interrupt(after: elapsed) }
}
