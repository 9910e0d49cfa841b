import Foundation

/// Paths as people type them and as wsim prints them. A relative path is looked up in the current folder,
/// then in the project folder, so a printed replay line works from anywhere in the project.
public enum ProjectPath {
    /// How a file is named in replay lines and reports: relative to the project folder when it is inside
    /// it, else its full path.
    public static func display(_ file: URL, projectRoot: URL) -> String {
        let path = file.standardizedFileURL.path
        let root = projectRoot.standardizedFileURL.path + "/"
        return path.hasPrefix(root) ? String(path.dropFirst(root.count)) : path
    }

    /// Resolves a path a user typed: against the current folder, else the project folder (so a replay line
    /// works from anywhere in the project).
    public static func resolve(_ typed: String, projectRoot: URL, currentDirectory: URL) -> URL {
        if typed.hasPrefix("/") { return URL(fileURLWithPath: typed).standardizedFileURL }
        let here = URL(fileURLWithPath: typed, relativeTo: currentDirectory).standardizedFileURL
        if FileManager.default.fileExists(atPath: here.path) { return here }
        let inProject = projectRoot.appendingPathComponent(typed).standardizedFileURL
        return FileManager.default.fileExists(atPath: inProject.path) ? inProject : here
    }
}
