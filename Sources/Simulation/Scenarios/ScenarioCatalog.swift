import Foundation

/// The scenarios under `Simulator/scenarios/`, found by name or by file.
public struct ScenarioCatalog: Sendable {
    public let projectRoot: URL

    public init(projectRoot: URL) {
        self.projectRoot = projectRoot
    }

    public var directory: URL { projectRoot.appendingPathComponent("Simulator/scenarios") }

    /// Every scenario file, sorted by name.
    public func files() -> [URL] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasSuffix(".yaml") }.sorted().map { directory.appendingPathComponent($0) }
    }

    /// Loads every scenario; the first bad file is an error.
    public func all() throws(ConfigError) -> [Scenario] {
        var scenarios: [Scenario] = []
        for file in files() { scenarios.append(try load(file)) }
        return scenarios
    }

    /// A scenario by its name (`task05-basic-session-flow`) or by the path of a YAML file (relative to the
    /// current folder, else to the project folder).
    public func scenario(_ reference: String, currentDirectory: URL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)) throws(ConfigError) -> Scenario {
        if reference.hasSuffix(".yaml") || reference.contains("/") {
            let url = ProjectPath.resolve(reference, projectRoot: projectRoot, currentDirectory: currentDirectory)
            guard FileManager.default.fileExists(atPath: url.path) else {
                throw ConfigError(file: reference, line: nil, key: nil, problem: "no such scenario file")
            }
            var scenario = try ScenarioLoader.load(url, displayName: reference)
            scenario.reference = ProjectPath.display(url, projectRoot: projectRoot)
            return scenario
        }
        let url = directory.appendingPathComponent("\(reference).yaml")
        guard FileManager.default.fileExists(atPath: url.path) else {
            let known = files().map { $0.deletingPathExtension().lastPathComponent }
            var problem = "no scenario named \(reference)"
            if let near = ConfigNode.closest(to: reference, in: known) { problem += " (did you mean \(near)?)" }
            throw ConfigError(file: "Simulator/scenarios/\(reference).yaml", line: nil, key: nil, problem: problem + "; `wsim list` shows them all")
        }
        return try load(url)
    }

    /// The names of the catalog's scenarios a shell-style pattern matches (`task05-*`, `task0?-routing`).
    public func names(matching pattern: String) -> [String] {
        files().map { $0.deletingPathExtension().lastPathComponent }.filter { fnmatch(pattern, $0, 0) == 0 }
    }

    /// Whether a scenario reference is a pattern rather than a name or a file.
    public static func isPattern(_ reference: String) -> Bool {
        !reference.contains("/") && !reference.hasSuffix(".yaml") && reference.contains { "*?[".contains($0) }
    }

    func load(_ url: URL) throws(ConfigError) -> Scenario {
        try ScenarioLoader.load(url, displayName: "Simulator/scenarios/\(url.lastPathComponent)")
    }

    /// The project folder: the nearest folder at or above `start` that has `Simulator/scenarios` and `Seeds`.
    public static func findProjectRoot(from start: URL) -> URL? {
        var current = start.standardizedFileURL
        while true {
            let scenarios = current.appendingPathComponent("Simulator/scenarios").path
            if FileManager.default.fileExists(atPath: scenarios), FileManager.default.fileExists(atPath: current.appendingPathComponent("Seeds").path) {
                return current
            }
            let parent = current.deletingLastPathComponent()
            if parent.path == current.path { return nil }
            current = parent
        }
    }
}
