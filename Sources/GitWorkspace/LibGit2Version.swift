import CGit2

/// The libgit2 this build links against, as `major.minor.revision`.
///
/// The git workspace port (clone, branch, commit, push, recovery) comes with the session-worker issue; this
/// target already links libgit2 so a machine without libgit2-dev fails at build time, not mid-run.
public enum LibGit2Version {
    public static var current: String {
        var major: Int32 = 0
        var minor: Int32 = 0
        var revision: Int32 = 0
        git_libgit2_version(&major, &minor, &revision)
        return "\(major).\(minor).\(revision)"
    }
}
