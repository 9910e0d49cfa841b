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

/// Records git events in the run's trace at simulated time, and every commit in the run's ledger.
public struct GitTrace {
    let recorder: TraceRecorder
    let clock: () -> Instant
    let ledger: CommitLedger

    public init(recorder: TraceRecorder, clock: @escaping () -> Instant, ledger: CommitLedger = CommitLedger()) {
        self.recorder = recorder
        self.clock = clock
        self.ledger = ledger
    }

    func record(_ operation: String, workspace: String, _ keys: [String: String]) {
        var all = keys
        all["workspace"] = workspace
        recorder.record(TraceEvent(instant: clock(), source: "git", operation: operation, keysJSON: JSONValue.canonicalObject(all)))
    }
}

/// Replaces local path prefixes with the names users see.
public struct PathScrubber: Sendable {
    public var replacements: [(String, String)]

    public init(_ replacements: [(String, String)]) {
        // Longest first, so a nested directory wins over its parent.
        self.replacements = replacements.sorted { $0.0.count > $1.0.count }
    }

    public func scrub(_ text: String) -> String {
        var text = text
        for (path, name) in replacements where text.contains(path) { text = text.replacingOccurrences(of: path, with: name) }
        return text
    }

    func scrubbing<T>(_ body: () throws(RepositoryError) -> T) throws(RepositoryError) -> T {
        do {
            return try body()
        } catch {
            var scrubbed = error
            scrubbed.message = scrub(error.message)
            scrubbed.operation = scrub(error.operation)
            throw scrubbed
        }
    }
}

final class SimulatedRepository: WorkspaceRepository {
    let inner: WorkspaceRepository
    let scrubber: PathScrubber
    let trace: GitTrace
    /// The real path (for faults) and the one users see (for the trace).
    let path: String
    let workspace: String
    let faults: SimulatedRepositories.FaultHook

    init(inner: WorkspaceRepository, scrubber: PathScrubber, trace: GitTrace, path: String, faults: @escaping SimulatedRepositories.FaultHook) {
        self.inner = inner
        self.scrubber = scrubber
        self.trace = trace
        self.path = path
        self.workspace = scrubber.scrub(path)
        self.faults = faults
    }

    private func injectFault(_ operation: GitOperation, _ description: String) throws(RepositoryError) {
        guard let message = faults(operation, path) else { return }
        let kind: RepositoryError.Kind = [.clone, .fetch, .push].contains(operation) ? .unreachableRemote : .other
        throw RepositoryError(kind: kind, operation: description, message: message)
    }

    func currentBranch() throws(RepositoryError) -> String? { try scrubber.scrubbing { () throws(RepositoryError) in try inner.currentBranch() } }
    func headCommit() throws(RepositoryError) -> String? { try scrubber.scrubbing { () throws(RepositoryError) in try inner.headCommit() } }
    func problems() throws(RepositoryError) -> [RepositoryProblem] { try scrubber.scrubbing { () throws(RepositoryError) in try inner.problems() } }
    func recover(onto branch: String) throws(RepositoryError) -> [RepositoryProblem] {
        try scrubber.scrubbing { () throws(RepositoryError) in try inner.recover(onto: branch) }
    }
    func remoteURL() throws(RepositoryError) -> String? { try scrubber.scrubbing { () throws(RepositoryError) in try inner.remoteURL() } }
    func setRemoteURL(_ url: String) throws(RepositoryError) { try scrubber.scrubbing { () throws(RepositoryError) in try inner.setRemoteURL(url) } }
    func changedPaths() throws(RepositoryError) -> [String] { try scrubber.scrubbing { () throws(RepositoryError) in try inner.changedPaths() } }
    func commitAll(message: String, author: CommitAuthor, at instant: Instant) throws(RepositoryError) -> String? {
        try injectFault(.commit, "commit")
        let commit = try scrubber.scrubbing { () throws(RepositoryError) in try inner.commitAll(message: message, author: author, at: instant) }
        if let commit {
            let subject = String(message.prefix { $0 != "\n" })
            let branch = (try? inner.currentBranch()) ?? ""
            trace.record("Commit", workspace: workspace, ["commit": commit, "branch": branch, "subject": subject])
            trace.ledger.record(CommitLedger.Entry(
                commit: commit, branch: branch, subject: subject, message: message, workspace: path, at: trace.clock()))
        }
        return commit
    }
    func fetch() throws(RepositoryError) {
        try injectFault(.fetch, "fetch from origin")
        try scrubber.scrubbing { () throws(RepositoryError) in try inner.fetch() }
    }
    func branchExists(_ name: String, onRemote: Bool) throws(RepositoryError) -> Bool {
        try scrubber.scrubbing { () throws(RepositoryError) in try inner.branchExists(name, onRemote: onRemote) }
    }
    func checkout(branch: String, source: BranchSource) throws(RepositoryError) {
        try injectFault(.checkout, "checkout \(branch)")
        try scrubber.scrubbing { () throws(RepositoryError) in try inner.checkout(branch: branch, source: source) }
    }
    func discardChanges() throws(RepositoryError) { try scrubber.scrubbing { () throws(RepositoryError) in try inner.discardChanges() } }
    func unpushedBranches() throws(RepositoryError) -> [String] {
        try scrubber.scrubbing { () throws(RepositoryError) in try inner.unpushedBranches() }
    }
    func commitMessage(_ revision: String) throws(RepositoryError) -> String? {
        try scrubber.scrubbing { () throws(RepositoryError) in try inner.commitMessage(revision) }
    }
    func owner() throws(RepositoryError) -> WorkspaceOwner? { try scrubber.scrubbing { () throws(RepositoryError) in try inner.owner() } }
    func setOwner(_ owner: WorkspaceOwner) throws(RepositoryError) {
        try scrubber.scrubbing { () throws(RepositoryError) in try inner.setOwner(owner) }
    }
    func push(branch: String, committer: CommitAuthor, at instant: Instant) throws(RepositoryError) -> PushOutcome {
        do {
            try injectFault(.push, "push \(branch)")
            let outcome = try scrubber.scrubbing { () throws(RepositoryError) in try inner.push(branch: branch, committer: committer, at: instant) }
            trace.record("Push", workspace: workspace, ["branch": branch, "outcome": outcome.rawValue, "head": (try? inner.headCommit()) ?? ""])
            return outcome
        } catch {
            trace.record("PushFailed", workspace: workspace, ["branch": branch, "error": error.message])
            throw error
        }
    }
}
