import SimKernel
import Worker

/// Repositories whose error messages name `/workspace/...` and `https://github.com/...` instead of the run's
/// temp directory: libgit2 puts paths in its messages, and a run's responses and DLQ reasons must not depend
/// on where it ran (DESIGN rule 5).
public struct ScrubbedRepositories: WorkspaceRepositories {
    let inner: any WorkspaceRepositories
    let scrubber: PathScrubber

    public init(_ inner: any WorkspaceRepositories, scrubber: PathScrubber) {
        self.inner = inner
        self.scrubber = scrubber
    }

    public func open(at path: String) throws(RepositoryError) -> WorkspaceRepository? {
        try scrubber.scrubbing { () throws(RepositoryError) in try inner.open(at: path) }.map { ScrubbedRepository(inner: $0, scrubber: scrubber) }
    }

    public func clone(from remoteURL: String, to path: String) throws(RepositoryError) -> WorkspaceRepository {
        ScrubbedRepository(inner: try scrubber.scrubbing { () throws(RepositoryError) in try inner.clone(from: remoteURL, to: path) }, scrubber: scrubber)
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

final class ScrubbedRepository: WorkspaceRepository {
    let inner: WorkspaceRepository
    let scrubber: PathScrubber

    init(inner: WorkspaceRepository, scrubber: PathScrubber) {
        self.inner = inner
        self.scrubber = scrubber
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
        try scrubber.scrubbing { () throws(RepositoryError) in try inner.commitAll(message: message, author: author, at: instant) }
    }
    func fetch() throws(RepositoryError) { try scrubber.scrubbing { () throws(RepositoryError) in try inner.fetch() } }
    func branchExists(_ name: String, onRemote: Bool) throws(RepositoryError) -> Bool {
        try scrubber.scrubbing { () throws(RepositoryError) in try inner.branchExists(name, onRemote: onRemote) }
    }
    func checkout(branch: String, source: BranchSource) throws(RepositoryError) {
        try scrubber.scrubbing { () throws(RepositoryError) in try inner.checkout(branch: branch, source: source) }
    }
    func push(branch: String, committer: CommitAuthor, at instant: Instant) throws(RepositoryError) -> PushOutcome {
        try scrubber.scrubbing { () throws(RepositoryError) in try inner.push(branch: branch, committer: committer, at: instant) }
    }
}
