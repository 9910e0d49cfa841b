import SimKernel
import Worker

/// One workspace repository as a run hosts it: paths scrubbed in errors, every operation traced, git faults applied.
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
