import Foundation
import Testing

/// Runs the built `wsim` binary, as a user would.
struct WSimProcess {
    static var binary: URL {
        // Tests run from the build folder's .xctest bundle; the executable sits next to it.
        var directory = Bundle.main.bundleURL
        while !FileManager.default.fileExists(atPath: directory.appendingPathComponent("wsim").path),
            directory.pathComponents.count > 1
        {
            directory.deleteLastPathComponent()
        }
        return directory.appendingPathComponent("wsim")
    }

    /// The project folder (with `Simulator/` and `Seeds/`): commands run there unless told otherwise.
    static let projectRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func run(_ arguments: [String], in directory: URL = projectRoot) throws -> (status: Int32, output: String, error: String) {
        try run(binary, arguments, in: directory)
    }

    /// Starts `wsim ARGUMENTS` from the project folder with its standard output on a pipe (standard error
    /// discarded), for a test that reads what it prints while it runs.
    static func start(_ arguments: [String]) throws -> (process: Process, output: FileHandle) {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.currentDirectoryURL = projectRoot
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        return (process, pipe.fileHandleForReading)
    }

    /// Reads `output` until `enough` says the text so far will do, or the stream ends; returns the text.
    static func read(_ output: FileHandle, until enough: (String) -> Bool) -> String {
        var text = ""
        while !enough(text) {
            let chunk = output.availableData
            if chunk.isEmpty { break }
            text += String(decoding: chunk, as: UTF8.self)
        }
        return text
    }

    /// Runs a command line through `/bin/sh -c`, as a user pasting it would.
    static func shell(_ command: String, in directory: URL = projectRoot) throws -> (status: Int32, output: String, error: String) {
        try run(URL(fileURLWithPath: "/bin/sh"), ["-c", command], in: directory)
    }

    /// `environment` entries are added to (or replace) this process's own.
    static func run(_ executable: URL, _ arguments: [String], in directory: URL, environment: [String: String] = [:]) throws -> (status: Int32, output: String, error: String) {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = directory
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        }
        let output = Pipe()
        let error = Pipe()
        process.standardOutput = output
        process.standardError = error
        try process.run()
        let out = output.fileHandleForReading.readDataToEndOfFile()
        let err = error.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: out, as: UTF8.self), String(decoding: err, as: UTF8.self))
    }
}

@Suite("wsim command line")
struct CLITests {
    @Test func versionNamesWsimAndItsNativeLibraries() throws {
        let result = try WSimProcess.run(["--version"])
        #expect(result.status == 0)
        #expect(result.output.hasPrefix("wsim 0.1.0 (libgit2 1."))
        #expect(result.output.contains("SQLite 3."))
    }

    @Test func helpDescribesTheTool() throws {
        let result = try WSimProcess.run(["--help"])
        #expect(result.status == 0)
        #expect(result.output.contains("USAGE: wsim"))
        #expect(result.output.contains("Deterministic simulator"))
    }

    @Test func anUnknownOptionIsAUsageError() throws {
        let result = try WSimProcess.run(["--no-such-option"])
        #expect(result.status != 0)
        #expect(result.error.contains("Unknown option '--no-such-option'"))
    }
}
