import ArgumentParser
import Foundation
import Simulation

/// The wsim command line.
@main
struct WSim: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wsim",
        abstract: "Deterministic simulator of the WebOrdinary edit pipeline: SQS, S3, DynamoDB, CloudWatch Logs and ECS on simulated time.",
        discussion: """
            The simulated AWS services run in process over one SQLite database per run, on simulated time, with \
            the real session worker, real git and faults from sim config files. The same seed gives the same \
            run, byte for byte.

            Exit codes: 0 every scenario passed, 1 a check failed, 2 bad usage or a bad sim config file, \
            3 liveness (a run did not finish its work), 4 crash.
            """,
        version: SimulationVersion.summary,
        subcommands: [ListCommand.self, RunCommand.self, CheckCommand.self, SwarmCommand.self, ServeCommand.self, SwarmWorkerCommand.self, SwarmCaseCommand.self])

    /// Parses and runs. Usage errors exit with 2 (ArgumentParser's default is 64), an unexpected error while
    /// running with 4, as documented.
    static func main() {
        var command: ParsableCommand
        do {
            command = try parseAsRoot()
        } catch {
            if exitCode(for: error) == .success { exit(withError: error) }
            FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
            Foundation.exit(CLIExit.usage)
        }
        do {
            try command.run()
        } catch let code as ExitCode {
            Foundation.exit(code.rawValue)
        } catch let error as ValidationError {
            FileHandle.standardError.write(Data("wsim: \(error)\n".utf8))
            Foundation.exit(CLIExit.usage)
        } catch where exitCode(for: error) == .success {
            exit(withError: error)
        } catch {
            fail(ErrorText.line(error), code: CLIExit.crash)
        }
    }
}

enum CLIExit {
    static let usage: Int32 = 2
    static let crash: Int32 = 4
}

/// Finds the project folder (the one with `Simulator/scenarios` and `Seeds`) from the current directory up, else
/// from wsim's own executable up (`.build/debug/wsim` lies inside it), so a replay line written relative to a
/// swarm folder outside the project runs in that folder.
func projectRoot() throws -> URL {
    let current = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
    if let root = ScenarioCatalog.findProjectRoot(from: current) { return root }
    if let executable = Bundle.main.executableURL?.resolvingSymlinksInPath(),
        let root = ScenarioCatalog.findProjectRoot(from: executable.deletingLastPathComponent())
    {
        return root
    }
    throw ValidationError("no Simulator/scenarios and Seeds folders here or above \(current.path), nor above wsim's own folder; run wsim from the project folder")
}

/// Prints a config error the way every wsim command does, and exits with 2.
func failWithConfigError(_ error: ConfigError) -> Never {
    let lines = error.all.map { "wsim: \($0.oneLine)\n" }.joined()
    FileHandle.standardError.write(Data(lines.utf8))
    if error.all.count > 1 { FileHandle.standardError.write(Data("wsim: \(error.all.count) errors\n".utf8)) }
    Foundation.exit(CLIExit.usage)
}

/// Writes one line to standard output at once, also into a pipe (print's buffer would hold it until the
/// end, so a killed run would show nothing of the scenarios that finished).
func emit(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}

/// Prints `wsim: message` on standard error (one line) and exits, with 2 (usage) unless told otherwise.
func fail(_ message: String, code: Int32 = CLIExit.usage) -> Never {
    FileHandle.standardError.write(Data("wsim: \(message)\n".utf8))
    exit(code)
}
