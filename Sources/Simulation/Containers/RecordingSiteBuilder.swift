import Crypto
import Foundation
import SimKernel
import Worker

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
