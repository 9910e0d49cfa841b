import Foundation
import Testing

/// The Python client suite (`Tests/wire`: boto3, the aws CLI and raw query-protocol requests) against a real
/// `wsim serve` process on a free port. CI makes `.venv-wire` with the pinned clients (`make wire-env`) and
/// never skips; elsewhere the suite runs where a Python with boto3 and awscli is found.
@Suite("wsim serve with real AWS clients")
struct WireSuiteTests {
    static let python: String? = {
        let root = WSimProcess.projectRoot.path
        var candidates = [root + "/.venv-wire/bin/python"]
        if let named = ProcessInfo.processInfo.environment["WSIM_PYTHON"] { candidates.insert(named, at: 0) }
        candidates.append("/usr/bin/env python3")
        for candidate in candidates {
            let parts = candidate.split(separator: " ").map(String.init)
            guard FileManager.default.isExecutableFile(atPath: parts[0]) else { continue }
            if let result = try? WSimProcess.run(URL(fileURLWithPath: parts[0]), Array(parts.dropFirst()) + ["-c", "import boto3, awscli"], in: WSimProcess.projectRoot),
               result.status == 0 {
                return candidate
            }
        }
        return nil
    }()

    static let required = ProcessInfo.processInfo.environment["CI"] != nil

    @Test(.enabled(if: python != nil || required, "no Python with boto3 and awscli here: make wire-env (CI does)"))
    func theBoto3AndCLISuitePasses() throws {
        let python = try #require(Self.python, "no Python with boto3 and awscli: run make wire-env (.ci/run does)")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("wsim-wire-suite-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let server = try ServeProcess.start(["serve", "--port", "0", "--out", folder.path])
        defer { server.stop() }
        let parts = python.split(separator: " ").map(String.init)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: parts[0])
        process.arguments = Array(parts.dropFirst()) + ["-m", "unittest"]
        process.currentDirectoryURL = WSimProcess.projectRoot.appendingPathComponent("Tests/wire")
        var environment = ProcessInfo.processInfo.environment
        environment["WSIM_ENDPOINT"] = server.endpoint
        // test_live.py starts its own `wsim serve --live` with this binary.
        environment["WSIM_BINARY"] = WSimProcess.binary.path
        environment.removeValue(forKey: "WSIM_REFERENCE")
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "the wire suite failed against \(server.endpoint):\n\(text.suffix(6000))")
        #expect(text.contains("OK"))
        #expect(server.stop() == 0, "wsim serve did not stop cleanly on SIGTERM")
    }
}

/// The README's live runbook (`Scripts/runbook.py --check`): every command, run as the README shows it against a
/// `wsim serve --live` of its own, exits 0 and prints what the README shows output for.
@Suite("The README's live runbook")
struct RunbookTests {
    @Test(.enabled(if: WireSuiteTests.python != nil || WireSuiteTests.required, "no Python with boto3 and awscli here: make wire-env (CI does)"))
    func everyCommandOfTheRunbookWorks() throws {
        let python = try #require(WireSuiteTests.python, "no Python with boto3 and awscli: run make wire-env (.ci/run does)")
        let parts = python.split(separator: " ").map(String.init)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: parts[0])
        process.arguments = Array(parts.dropFirst()) + ["Scripts/runbook.py", "--check"]
        process.currentDirectoryURL = WSimProcess.projectRoot
        var environment = ProcessInfo.processInfo.environment
        environment["WSIM"] = WSimProcess.binary.path
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "the runbook failed:\n\(text.suffix(6000))")
        #expect(text.contains("all passed"))
    }
}

/// A `wsim serve` process: started, its ready line read for the port, stopped with SIGTERM.
final class ServeProcess {
    let process: Process
    let endpoint: String
    private var stopped: Int32?

    private init(process: Process, endpoint: String) {
        self.process = process
        self.endpoint = endpoint
    }

    static func start(_ arguments: [String]) throws -> ServeProcess {
        let (process, output) = try WSimProcess.start(arguments)
        let text = WSimProcess.read(output) { $0.contains("\n") }
        guard let range = text.range(of: "ready on "), let end = text[range.upperBound...].firstIndex(of: " ") else {
            process.terminate()
            throw ServeStartError(output: text)
        }
        return ServeProcess(process: process, endpoint: String(text[range.upperBound..<end]))
    }

    /// SIGTERM, then the exit status (once; later calls return the same).
    @discardableResult
    func stop() -> Int32 {
        if let stopped { return stopped }
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        stopped = process.terminationStatus
        return process.terminationStatus
    }
}

struct ServeStartError: Error, CustomStringConvertible {
    let output: String
    var description: String { "wsim serve printed no ready line: \(output)" }
}
