import SimKernel

/// Who makes a commit. Commits are dated at a simulated instant, so the same run gives the same commit ids.
public struct CommitAuthor: Hashable, Sendable {
    public var name: String
    public var email: String

    public init(name: String, email: String) {
        self.name = name
        self.email = email
    }

    /// The identity the real container commits as.
    public static let container = CommitAuthor(name: "WebOrdinary Container", email: "container@webordinary.com")
}

/// Something wrong with a workspace that a command must not run on top of.
public enum RepositoryProblem: String, Hashable, Sendable, CaseIterable {
    case mergeInProgress = "merge in progress"
    case rebaseInProgress = "rebase in progress"
    case cherryPickInProgress = "cherry-pick in progress"
    case revertInProgress = "revert in progress"
    case conflictedIndex = "conflicted index"
    case detachedHead = "detached HEAD"
    case staleIndexLock = "stale index.lock"
}

/// Where the branch being checked out comes from.
public enum BranchSource: Hashable, Sendable {
    /// The local branch of that name.
    case local
    /// A new local branch tracking `origin/<name>`.
    case remote
    /// A new local branch starting at `base` (local if it exists, else `origin/<base>`).
    case newFrom(String)
}

/// How a push went.
public enum PushOutcome: String, Hashable, Sendable {
    case pushed
    /// The remote had moved on: it was merged, keeping the local side of conflicts, then pushed.
    case pushedAfterMerge
}

/// A repository operation failed. `message` is libgit2's own message where there is one.
public struct RepositoryError: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Kind: String, Hashable, Sendable {
        case notFound
        case nonFastForward
        case conflict
        case locked
        case unreachableRemote
        case invalidState
        case other
    }

    public var kind: Kind
    public var operation: String
    public var message: String
    /// libgit2's error code (0 when the error did not come from libgit2).
    public var code: Int32

    public init(kind: Kind, operation: String, message: String, code: Int32 = 0) {
        self.kind = kind
        self.operation = operation
        self.message = message
        self.code = code
    }

    public var description: String { "\(operation): \(message)" }
}

/// The git workspace of a site, as the worker uses it.
public protocol WorkspaceRepository: AnyObject {
    /// The checked-out branch; nil when HEAD is detached.
    func currentBranch() throws(RepositoryError) -> String?
    func headCommit() throws(RepositoryError) -> String?
    func problems() throws(RepositoryError) -> [RepositoryProblem]
    /// Drops every uncommitted change on the current branch (modified, deleted and untracked files; ignored
    /// ones stay): the leftovers of an earlier attempt of the command that runs again.
    func discardChanges() throws(RepositoryError)
    /// Aborts whatever is in progress and leaves a clean tree on a branch (`branch` if HEAD was detached).
    /// Commits only reachable from a detached HEAD are kept on a `rescue/...` branch. Returns what was fixed.
    func recover(onto branch: String) throws(RepositoryError) -> [RepositoryProblem]
    func remoteURL() throws(RepositoryError) -> String?
    func setRemoteURL(_ url: String) throws(RepositoryError)
    /// Modified, added, deleted and untracked paths (ignored files excluded), sorted.
    func changedPaths() throws(RepositoryError) -> [String]
    /// Stages everything and commits it on the current branch; nil when there was nothing to commit.
    func commitAll(message: String, author: CommitAuthor, at instant: Instant) throws(RepositoryError) -> String?
    func fetch() throws(RepositoryError)
    func branchExists(_ name: String, onRemote: Bool) throws(RepositoryError) -> Bool
    func checkout(branch: String, source: BranchSource) throws(RepositoryError)
    /// Pushes the branch; on a non-fast-forward rejection fetches, merges the remote branch keeping local
    /// changes where they conflict, and pushes again. Never rewrites a local commit.
    func push(branch: String, committer: CommitAuthor, at instant: Instant) throws(RepositoryError) -> PushOutcome
    /// Local branches holding commits that `origin`'s branch of the same name lacks (or that `origin` does not
    /// have), as of the last fetch or push, sorted.
    func unpushedBranches() throws(RepositoryError) -> [String]
    /// The full message of the commit a revision names (`refs/heads/x`, a commit id), nil when there is none.
    func commitMessage(_ revision: String) throws(RepositoryError) -> String?
    /// The command whose work the working tree holds: recorded in the repository when a command begins, so
    /// a later switch commits leftover changes in the name of the session that made them.
    func owner() throws(RepositoryError) -> WorkspaceOwner?
    func setOwner(_ owner: WorkspaceOwner) throws(RepositoryError)
}

/// The command that last worked in a workspace.
public struct WorkspaceOwner: Hashable, Sendable {
    public var sessionId: String
    public var commandId: String
    public var chatThreadId: String
    public var branch: String

    public init(sessionId: String, commandId: String, chatThreadId: String, branch: String) {
        self.sessionId = sessionId
        self.commandId = commandId
        self.chatThreadId = chatThreadId
        self.branch = branch
    }
}

/// Opens and clones workspaces.
public protocol WorkspaceRepositories {
    /// The repository at `path`, or nil when there is none (the directory is missing or not a repository).
    func open(at path: String) throws(RepositoryError) -> WorkspaceRepository?
    func clone(from remoteURL: String, to path: String) throws(RepositoryError) -> WorkspaceRepository
}
