import AWSSim
import GitWorkspace

/// Version information the CLI prints: wsim itself and the native libraries it runs on.
public enum SimulationVersion {
    public static let wsim = "0.1.0"

    public static var libgit2: String { LibGit2Version.current }

    public static var sqlite: String { SimDatabase.sqliteVersion }

    /// `wsim 0.1.0 (libgit2 1.5.1, SQLite 3.40.1)`
    public static var summary: String { "wsim \(wsim) (libgit2 \(libgit2), SQLite \(sqlite))" }
}
