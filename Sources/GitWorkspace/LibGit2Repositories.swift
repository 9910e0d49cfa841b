import CGit2
import Foundation
import Worker

/// Opens and clones workspaces with libgit2.
public struct LibGit2Repositories: WorkspaceRepositories {
    public let rewrites: RemoteURLRewrites

    public init(rewrites: RemoteURLRewrites = RemoteURLRewrites()) {
        LibGit2.ensureInitialised()
        self.rewrites = rewrites
    }

    public func open(at path: String) throws(RepositoryError) -> WorkspaceRepository? {
        try openRepository(at: path)
    }

    /// The repository whose working directory is exactly `path` (never a parent directory's repository: the
    /// real system once committed into the developer's own checkout that way).
    public func openRepository(at path: String) throws(RepositoryError) -> GitRepository? {
        guard FileManager.default.fileExists(atPath: path + "/.git") else { return nil }
        var handle: OpaquePointer?
        let rc = git_repository_open_ext(&handle, path, GIT_REPOSITORY_OPEN_NO_SEARCH.rawValue, nil)
        if rc == GIT_ENOTFOUND.rawValue { return nil }
        try LibGit2.check(rc, "open \(path)")
        return GitRepository(handle: handle!, path: path, rewrites: rewrites)
    }

    public func clone(from remoteURL: String, to path: String) throws(RepositoryError) -> WorkspaceRepository {
        try cloneRepository(from: remoteURL, to: path)
    }

    public func cloneRepository(from remoteURL: String, to path: String) throws(RepositoryError) -> GitRepository {
        let reached = rewrites.resolve(remoteURL)
        try LibGit2.requireLocal(reached, "clone")
        var options = git_clone_options()
        git_clone_options_init(&options, UInt32(GIT_CLONE_OPTIONS_VERSION))
        options.checkout_opts.checkout_strategy = GIT_CHECKOUT_SAFE.rawValue
        var handle: OpaquePointer?
        try LibGit2.check(git_clone(&handle, reached, path, &options), "clone \(remoteURL)")
        let repository = GitRepository(handle: handle!, path: path, rewrites: rewrites)
        if reached != remoteURL { try repository.setRemoteURL(remoteURL) }
        return repository
    }
}
