import Foundation
import Testing

/// `make lint` (`Scripts/lint.py`): the project is clean, and the rules catch what they are for.
@Suite("make lint")
struct LintTests {
    static let env = URL(fileURLWithPath: "/usr/bin/env")

    static func lint(root: URL? = nil) throws -> (status: Int32, output: String, error: String) {
        var arguments = ["python3", WSimProcess.projectRoot.appendingPathComponent("Scripts/lint.py").path]
        if let root { arguments += ["--root", root.path] }
        return try WSimProcess.run(env, arguments, in: WSimProcess.projectRoot)
    }

    @Test func theProjectIsClean() throws {
        let result = try Self.lint()
        #expect(result.status == 0, "\(result.output)\(result.error)")
    }

    @Test func aPlantedForbiddenImportADateAndADefaultFail() throws {
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("wsim-lint-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: copy) }
        try FileManager.default.createDirectory(at: copy, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: WSimProcess.projectRoot.appendingPathComponent("Sources"), to: copy.appendingPathComponent("Sources"))
        try FileManager.default.copyItem(at: WSimProcess.projectRoot.appendingPathComponent("Package.swift"), to: copy.appendingPathComponent("Package.swift"))
        #expect(try Self.lint(root: copy).status == 0, "the copy is clean before anything is planted")

        let worker = copy.appendingPathComponent("Sources/Worker/SessionWorker.swift")
        try ("public import AWSSim\n" + String(contentsOf: worker, encoding: .utf8) + "\nimport Foundation; import CGit2\n")
            .write(to: worker, atomically: true, encoding: .utf8)
        let core = copy.appendingPathComponent("Sources/Simulation/Run/LiveWorld.swift")
        try (String(contentsOf: core, encoding: .utf8) + "\nlet plantedNow = Date()\nlet quoted = \"Date()\" // Date() in words\nlet shown = \"at \\(Date())\"\n")
            .write(to: core, atomically: true, encoding: .utf8)
        let loader = copy.appendingPathComponent("Sources/Simulation/Faults/FaultPlanLoader.swift")
        let text = try String(contentsOf: loader, encoding: .utf8)
        try text.replacingOccurrences(of: "switch key {", with: "switch key {\n        default: break").write(to: loader, atomically: true, encoding: .utf8)

        let package = copy.appendingPathComponent("Package.swift")
        try String(contentsOf: package, encoding: .utf8)
            .replacingOccurrences(of: #".target(name: "Messages", dependencies: ["SimKernel"])"#, with: #".target(name: "Messages", dependencies: ["SimKernel", "AWSSim"])"#)
            .write(to: package, atomically: true, encoding: .utf8)

        let result = try Self.lint(root: copy)
        #expect(result.status == 1)
        #expect(result.output.contains("Sources/Worker/SessionWorker.swift:1: import AWSSim: DESIGN.md forbids the edge Worker -> AWSSim"), "\(result.output)")
        #expect(result.output.contains("Sources/Simulation/Run/LiveWorld.swift") && result.output.contains("Date() reads the wall clock"))
        #expect(result.output.contains("import CGit2: DESIGN.md forbids the edge Worker -> CGit2"), "an import after a semicolon counts")
        #expect(result.output.components(separatedBy: "Date() reads").count == 3, "Date() in code and in an interpolation, not in words or comments")
        #expect(result.output.contains("Package.swift") && result.output.contains("Messages depends on AWSSim"))
        #expect(result.output.contains("FaultPlanLoader.swift") && result.output.contains("default: in a config loader"))
    }
}
