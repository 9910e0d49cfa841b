import Crypto
import Foundation
import SimKernel
import Worker

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
