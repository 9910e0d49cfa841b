import SimKernel
import Worker

/// The workspaces as a run hosts them. Error messages name `/workspace/...` and `https://github.com/...`
/// instead of the run's temp directory (libgit2 puts paths in its messages, and a run's responses and DLQ
/// reasons must not depend on where it ran: DESIGN rule 5), and every clone, commit and push is recorded in
/// the run's trace, so commit ids are part of its digest.
public struct SimulatedRepositories: WorkspaceRepositories {
    /// Asked before each operation on a workspace (by its real path): a message makes the operation fail.
    public typealias FaultHook = (GitOperation, String) -> String?

    let inner: any WorkspaceRepositories
    let scrubber: PathScrubber
    let trace: GitTrace
    let faults: FaultHook

    public init(_ inner: any WorkspaceRepositories, scrubber: PathScrubber, trace: GitTrace, faults: @escaping FaultHook = { _, _ in nil }) {
        self.inner = inner
        self.scrubber = scrubber
        self.trace = trace
        self.faults = faults
    }

    public func open(at path: String) throws(RepositoryError) -> WorkspaceRepository? {
        try scrubber.scrubbing { () throws(RepositoryError) in try inner.open(at: path) }.map { wrap($0, path: path) }
    }

    public func clone(from remoteURL: String, to path: String) throws(RepositoryError) -> WorkspaceRepository {
        if let message = faults(.clone, path) {
            throw RepositoryError(kind: .unreachableRemote, operation: "clone \(remoteURL)", message: message)
        }
        let repository = try scrubber.scrubbing { () throws(RepositoryError) in try inner.clone(from: remoteURL, to: path) }
        trace.record("Clone", workspace: scrubber.scrub(path), ["remote": remoteURL])
        return wrap(repository, path: path)
    }

    private func wrap(_ repository: WorkspaceRepository, path: String) -> WorkspaceRepository {
        SimulatedRepository(inner: repository, scrubber: scrubber, trace: trace, path: path, faults: faults)
    }
}
