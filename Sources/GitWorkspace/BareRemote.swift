import CGit2
import Foundation
import SimKernel
import Worker

/// A commit as the checkers see it on a remote.
public struct RemoteCommit: Hashable, Sendable {
    public var id: String
    public var subject: String
    public var message: String
    public var authorName: String
    public var time: Instant
    public var parents: [String]
}

/// A site's "GitHub" remote: a bare repository owned by the simulation. Created from starter files, read by
/// the checkers (branches, history, files) without trusting the worker.
public final class BareRemote {
    let handle: OpaquePointer
    public let path: String

    private init(handle: OpaquePointer, path: String) {
        self.handle = handle
        self.path = path
    }

    deinit { git_repository_free(handle) }

    /// Creates a bare repository whose `main` holds `files` in one commit dated `instant`.
    public static func create(
        at path: String, files: [(path: String, contents: Data)], author: CommitAuthor, at instant: Instant, message: String
    ) throws(RepositoryError) -> BareRemote {
        LibGit2.ensureInitialised()
        var options = git_repository_init_options()
        git_repository_init_options_init(&options, UInt32(GIT_REPOSITORY_INIT_OPTIONS_VERSION))
        options.flags = GIT_REPOSITORY_INIT_MKPATH.rawValue | GIT_REPOSITORY_INIT_BARE.rawValue
        var handle: OpaquePointer?
        let rc = "main".withCString { head in
            options.initial_head = head
            return git_repository_init_ext(&handle, path, &options)
        }
        try LibGit2.check(rc, "create \(path)")
        let remote = BareRemote(handle: handle!, path: path)
        // The objects go to an in-memory backend and then into one pack: two files on disk instead of a
        // file and often a directory per object (creating files is what costs most on a busy file system).
        var odb: OpaquePointer?
        try LibGit2.check(git_repository_odb(&odb, handle), "open the object database")
        defer { git_odb_free(odb) }
        var mempack: OpaquePointer?
        try LibGit2.check(git_mempack_new(&mempack), "create an in-memory object backend")
        try LibGit2.check(git_odb_add_backend(odb, mempack, 999), "add the in-memory object backend")
        var treeOid = try remote.writeTree(files.map { (Array($0.path.split(separator: "/").map(String.init)), $0.contents) })
        var tree: OpaquePointer?
        try LibGit2.check(git_tree_lookup(&tree, handle, &treeOid), "look up tree")
        defer { git_tree_free(tree) }
        var signature: UnsafeMutablePointer<git_signature>?
        try LibGit2.check(git_signature_new(&signature, author.name, author.email, git_time_t(instant.unixSeconds), 0), "signature")
        defer { git_signature_free(signature) }
        var commit = git_oid()
        try LibGit2.check(git_commit_create(&commit, handle, nil, signature, signature, nil, message, tree, 0, nil), "commit")
        try remote.writePack(from: mempack, odb: odb)
        var reference: OpaquePointer?
        try LibGit2.check(git_reference_create(&reference, handle, "refs/heads/main", &commit, 0, "initial commit"), "create main")
        git_reference_free(reference)
        return remote
    }

    /// Moves the objects of the in-memory backend into one pack (and its index) in `objects/pack`.
    private func writePack(from mempack: OpaquePointer?, odb: OpaquePointer?) throws(RepositoryError) {
        var pack = git_buf()
        defer { git_buf_dispose(&pack) }
        try LibGit2.check(git_mempack_dump(&pack, handle, mempack), "pack the objects")
        var indexer: OpaquePointer?
        var options = git_indexer_options()
        git_indexer_options_init(&options, UInt32(GIT_INDEXER_OPTIONS_VERSION))
        try LibGit2.check(git_indexer_new(&indexer, path + "/objects/pack", 0, odb, &options), "start the pack index")
        defer { git_indexer_free(indexer) }
        var stats = git_indexer_progress()
        try LibGit2.check(git_indexer_append(indexer, pack.ptr, pack.size, &stats), "write the pack")
        try LibGit2.check(git_indexer_commit(indexer, &stats), "index the pack")
        try LibGit2.check(git_mempack_reset(mempack), "empty the in-memory object backend")
        try LibGit2.check(git_odb_refresh(odb), "find the new pack")
    }

    /// Writes blobs and nested trees for files given as path components; returns the root tree.
    private func writeTree(_ files: [(components: [String], contents: Data)]) throws(RepositoryError) -> git_oid {
        var builder: OpaquePointer?
        try LibGit2.check(git_treebuilder_new(&builder, handle, nil), "start tree")
        defer { git_treebuilder_free(builder) }
        var directories: [String: [(components: [String], contents: Data)]] = [:]
        for file in files {
            if file.components.count == 1 {
                var blob = git_oid()
                let rc = file.contents.withUnsafeBytes { bytes in git_blob_create_from_buffer(&blob, handle, bytes.baseAddress, bytes.count) }
                try LibGit2.check(rc, "write \(file.components[0])")
                try LibGit2.check(git_treebuilder_insert(nil, builder, file.components[0], &blob, GIT_FILEMODE_BLOB), "add \(file.components[0])")
            } else {
                directories[file.components[0], default: []].append((Array(file.components.dropFirst()), file.contents))
            }
        }
        for name in directories.keys.sorted() {
            var subtree = try writeTree(directories[name]!)
            try LibGit2.check(git_treebuilder_insert(nil, builder, name, &subtree, GIT_FILEMODE_TREE), "add \(name)/")
        }
        var oid = git_oid()
        try LibGit2.check(git_treebuilder_write(&oid, builder), "write tree")
        return oid
    }

    public static func open(at path: String) throws(RepositoryError) -> BareRemote {
        LibGit2.ensureInitialised()
        var handle: OpaquePointer?
        try LibGit2.check(git_repository_open_bare(&handle, path), "open \(path)")
        return BareRemote(handle: handle!, path: path)
    }

    /// Branch names and the commit each points at.
    public func branches() throws(RepositoryError) -> [String: String] {
        try LibGit2.localBranches(handle)
    }

    /// Newest first, following first parents and merges alike (as `git log`).
    public func commits(on branch: String, limit: Int = .max) throws(RepositoryError) -> [RemoteCommit] {
        var walk: OpaquePointer?
        try LibGit2.check(git_revwalk_new(&walk, handle), "walk history")
        defer { git_revwalk_free(walk) }
        git_revwalk_sorting(walk, GIT_SORT_TOPOLOGICAL.rawValue | GIT_SORT_TIME.rawValue)
        try LibGit2.check(git_revwalk_push_ref(walk, "refs/heads/\(branch)"), "walk \(branch)")
        var commits: [RemoteCommit] = []
        var oid = git_oid()
        while commits.count < limit, git_revwalk_next(&oid, walk) == 0 {
            var commit: OpaquePointer?
            try LibGit2.check(git_commit_lookup(&commit, handle, &oid), "look up commit")
            defer { git_commit_free(commit) }
            let author = git_commit_author(commit)!.pointee
            commits.append(RemoteCommit(
                id: LibGit2.hex(oid), subject: git_commit_summary(commit).map { String(cString: $0) } ?? "",
                message: git_commit_message(commit).map { String(cString: $0) } ?? "",
                authorName: String(cString: author.name), time: Instant(unixSeconds: Int64(author.when.time)),
                parents: (0..<git_commit_parentcount(commit)).map { LibGit2.hex(git_commit_parent_id(commit, $0).pointee) }))
        }
        return commits
    }

    /// A file's contents at a revision (`main`, a branch, a commit id); nil when it is not there.
    public func file(_ path: String, at revision: String) throws(RepositoryError) -> Data? {
        var object: OpaquePointer?
        let rc = git_revparse_single(&object, handle, "\(revision):\(path)")
        if rc == GIT_ENOTFOUND.rawValue { return nil }
        try LibGit2.check(rc, "read \(revision):\(path)")
        defer { git_object_free(object) }
        guard git_object_type(object) == GIT_OBJECT_BLOB else { return nil }
        let size = Int(git_blob_rawsize(object))
        return Data(bytes: git_blob_rawcontent(object), count: size)
    }

    /// Whether a commit is reachable from some branch of this remote.
    public func contains(commit id: String) throws(RepositoryError) -> Bool {
        try LibGit2.isReachableFromBranches(handle, commit: id)
    }

    /// Whether `branch` exists and holds `commit` (its tip or an ancestor of it).
    public func branch(_ branch: String, contains id: String) throws(RepositoryError) -> Bool {
        var tip = git_oid()
        guard git_reference_name_to_id(&tip, handle, "refs/heads/\(branch)") == 0 else { return false }
        var target = git_oid()
        guard git_oid_fromstr(&target, id) == 0 else { return false }
        return git_oid_equal(&tip, &target) == 1 || git_graph_descendant_of(handle, &tip, &target) == 1
    }

    /// Whether `ancestor` is `commit` or one of its ancestors.
    public func commit(_ ancestor: String, isAncestorOf commit: String) throws(RepositoryError) -> Bool {
        var older = git_oid()
        var newer = git_oid()
        guard git_oid_fromstr(&older, ancestor) == 0, git_oid_fromstr(&newer, commit) == 0 else { return false }
        return git_oid_equal(&older, &newer) == 1 || git_graph_descendant_of(handle, &newer, &older) == 1
    }

    /// Points `branch` at `commit` whatever it held before, as a force push does (commits only it held are
    /// no longer on a branch). For tests and faults that rewrite history on the remote.
    public func forceBranch(_ branch: String, to commit: String) throws(RepositoryError) {
        var oid = git_oid()
        guard git_oid_fromstr(&oid, commit) == 0 else {
            throw RepositoryError(kind: .notFound, operation: "force \(branch)", message: "\(commit) is not a commit id")
        }
        var reference: OpaquePointer?
        try LibGit2.check(git_reference_create(&reference, handle, "refs/heads/\(branch)", &oid, 1, "forced"), "force \(branch)")
        git_reference_free(reference)
    }
}
