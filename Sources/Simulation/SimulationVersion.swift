import GitWorkspace

/// Version information the CLI prints.
public enum SimulationVersion {
    public static let wsim = "0.1.0"
    public static var libgit2: String { LibGit2Version.current }
}
