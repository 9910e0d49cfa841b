import CGit2
import Foundation
import Worker

/// libgit2 must be initialised once per process before any call (swift-stack.md: without it every call fails).
/// Ownership validation is off: workspaces may belong to another uid in containers. The machine's own git
/// config (system, XDG, ~/.gitconfig) is never read: its `url.insteadOf`, `core.excludesFile` or `autocrlf`
/// would make a run depend on the machine it ran on.
private let libgit2Ready: Bool = {
    git_libgit2_init()
    _ = cgit2_set_owner_validation(0)
    for level in [GIT_CONFIG_LEVEL_PROGRAMDATA, GIT_CONFIG_LEVEL_SYSTEM, GIT_CONFIG_LEVEL_XDG, GIT_CONFIG_LEVEL_GLOBAL] {
        _ = cgit2_set_config_search_path(level, "")
    }
    return true
}()

enum LibGit2 {
    static func ensureInitialised() {
        _ = libgit2Ready
    }

    /// Turns a libgit2 return code into a `RepositoryError` carrying libgit2's message.
    static func check(_ rc: Int32, _ operation: String) throws(RepositoryError) {
        guard rc < 0 else { return }
        throw error(rc, operation)
    }

    static func error(_ rc: Int32, _ operation: String) -> RepositoryError {
        let message = git_error_last().flatMap { $0.pointee.message.map { String(cString: $0) } } ?? "libgit2 error \(rc)"
        let kind: RepositoryError.Kind
        switch rc {
        case GIT_ENOTFOUND.rawValue: kind = .notFound
        case GIT_ENONFASTFORWARD.rawValue: kind = .nonFastForward
        case GIT_ECONFLICT.rawValue, GIT_EMERGECONFLICT.rawValue, GIT_EUNMERGED.rawValue: kind = .conflict
        case GIT_ELOCKED.rawValue: kind = .locked
        default: kind = message.contains("non-fast") ? .nonFastForward : .other
        }
        return RepositoryError(kind: kind, operation: operation, message: message, code: rc)
    }

    static func hex(_ oid: git_oid) -> String {
        var copy = oid
        return withUnsafePointer(to: &copy) { pointer in String(cString: git_oid_tostr_s(pointer)) }
    }

    /// Runs `body` with a `git_strarray` of the given strings.
    static func withStringArray<T>(_ strings: [String], _ body: (inout git_strarray) throws(RepositoryError) -> T) throws(RepositoryError) -> T {
        var pointers: [UnsafeMutablePointer<CChar>?] = strings.map { strdup($0) }
        defer { pointers.forEach { free($0) } }
        let count = pointers.count
        return try pointers.withUnsafeMutableBufferPointer { buffer throws(RepositoryError) in
            var array = git_strarray(strings: buffer.baseAddress, count: count)
            return try body(&array)
        }
    }

    /// libgit2 talks to remotes only by path here: wsim is offline, and a URL that needs a network fails at
    /// once instead of waiting on DNS.
    static func requireLocal(_ url: String, _ operation: String) throws(RepositoryError) {
        let lowered = url.lowercased()
        for scheme in ["http://", "https://", "ssh://", "git://", "git@"] where lowered.hasPrefix(scheme) {
            throw RepositoryError(
                kind: .unreachableRemote, operation: operation,
                message: "cannot reach \(url): wsim is offline and only reaches remotes by path")
        }
    }
}
