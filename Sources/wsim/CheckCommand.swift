import ArgumentParser
import Foundation
import Simulation

/// `wsim check FILE...`: validates scenarios, fault plans and fault spaces without running anything, and
/// reports every error of every file at once.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate scenario, fault plan and fault space files without running them.",
        discussion: "Every error of every file is printed (file:line: key: problem); exit 0 when all load, 2 otherwise.")

    @Argument(help: "Files (YAML), or scenario names (see `wsim list`).")
    var files: [String]

    func validate() throws {
        if files.isEmpty { throw ValidationError("name at least one file to check") }
    }

    func run() throws {
        let root = try projectRoot()
        let here = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        var errors = 0
        for file in files {
            var url = ProjectPath.resolve(file, projectRoot: root, currentDirectory: here)
            if !FileManager.default.fileExists(atPath: url.path) {
                // A scenario name, as `wsim run` takes it.
                let named = root.appendingPathComponent("Simulator/scenarios/\(file).yaml")
                if FileManager.default.fileExists(atPath: named.path) { url = named }
            }
            switch ConfigFileCheck.check(url, projectRoot: root) {
            case .success(let kind):
                emit("ok \(ProjectPath.display(url, projectRoot: root)) (\(kind.rawValue))")
            case .failure(let error):
                for problem in error.all { FileHandle.standardError.write(Data("\(problem.oneLine)\n".utf8)) }
                errors += error.all.count
            }
        }
        if errors > 0 {
            FileHandle.standardError.write(Data("wsim check: \(errors) error\(errors == 1 ? "" : "s")\n".utf8))
            throw ExitCode(CLIExit.usage)
        }
    }
}
