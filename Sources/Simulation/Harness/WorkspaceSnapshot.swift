import SimKernel
import Crypto
import Foundation
import GitWorkspace

/// What a workspace on the persistent volume holds at one instant: every file of the working tree (outside
/// `.git/`) by SHA-256 of its content, and the git history (each local branch's head and every commit
/// reachable from it). Two snapshots compare to a retention figure.
public struct WorkspaceSnapshot: Sendable, Equatable {
    public var files: [String: String]
    public var branches: [String: String]
    public var commits: Set<String>

    /// Reads the workspace at `path`; a missing workspace is an empty snapshot.
    public static func take(_ path: String) -> WorkspaceSnapshot {
        var files: [String: String] = [:]
        let root = URL(fileURLWithPath: path)
        if let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey]) {
            for case let url as URL in walker {
                let relative = String(url.standardizedFileURL.path.dropFirst(root.standardizedFileURL.path.count + 1))
                if relative == ".git" || relative.hasPrefix(".git/") {
                    walker.skipDescendants()
                    continue
                }
                guard (try? url.resourceValues(forKeys: [.isRegularFileKey]))?.isRegularFile == true,
                    let data = FileManager.default.contents(atPath: url.path)
                else { continue }
                files[relative] = Hex.string(SHA256.hash(data: data))
            }
        }
        var branches: [String: String] = [:]
        var commits: Set<String> = []
        // The workspace's git directory opens like a bare repository: only refs and objects are read.
        if let repository = try? BareRemote.open(at: path + "/.git") {
            branches = (try? repository.branches()) ?? [:]
            for branch in branches.keys {
                for commit in (try? repository.commits(on: branch)) ?? [] { commits.insert(commit.id) }
            }
        }
        return WorkspaceSnapshot(files: files, branches: branches, commits: commits)
    }

    /// What of `self` is in `later`: files with the same content, branch heads still reachable, commits kept.
    public func retention(in later: WorkspaceSnapshot) -> (retained: Int, total: Int, lost: [String]) {
        var lost: [String] = []
        for (path, hash) in files.sorted(by: { $0.key < $1.key }) {
            switch later.files[path] {
            case nil: lost.append("\(path) (missing)")
            case hash?: break
            default: lost.append("\(path) (changed)")
            }
        }
        for commit in commits.sorted() where !later.commits.contains(commit) { lost.append("commit \(commit.prefix(8))") }
        for (branch, head) in branches.sorted(by: { $0.key < $1.key }) where later.branches[branch] == nil {
            lost.append("branch \(branch) (was at \(head.prefix(8)))")
        }
        let total = files.count + commits.count + branches.count
        return (total - lost.count, total, lost)
    }
}
