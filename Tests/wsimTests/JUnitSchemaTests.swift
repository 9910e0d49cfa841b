import Foundation
import Testing

/// `junit.xml` of `wsim run` and of `wsim swarm` is valid against the JUnit schema Jenkins uses, checked by
/// xmllint (`make test` installs it; CI never skips this).
@Suite("junit.xml against the Jenkins JUnit schema")
struct JUnitSchemaTests {
    static let schema = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Schemas/jenkins-junit.xsd")
    static let xmllint = ["/usr/bin/xmllint", "/bin/xmllint"].first { FileManager.default.isExecutableFile(atPath: $0) }
    static let required = xmllint != nil || ProcessInfo.processInfo.environment["CI"] != nil

    func validate(_ file: URL) throws -> (status: Int32, error: String) {
        let tool = try #require(Self.xmllint, "xmllint is missing: apt-get install libxml2-utils (make test does)")
        let result = try WSimProcess.run(URL(fileURLWithPath: tool), ["--noout", "--schema", Self.schema.path, file.path], in: file.deletingLastPathComponent())
        return (result.status, result.error)
    }

    @Test(.enabled(if: required)) func runAndSwarmReportsAreValidAndTheSchemaRefusesWhatJenkinsWould() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("wsim-junit-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        // A passing scenario and a failing one (every build fails), in one report.
        let run = try WSimProcess.run([
            "run", "task05-basic-session-flow", "task04-s3-sync-failure", "--faults", "every-build-fails", "--out", folder.appendingPathComponent("run").path,
        ])
        #expect(run.status == 1, "\(run.output)\(run.error)")
        let junit = folder.appendingPathComponent("run/junit.xml")
        let checked = try validate(junit)
        #expect(checked.status == 0, "\(checked.error)")
        let text = try String(contentsOf: junit, encoding: .utf8)
        #expect(text.contains("<testsuite name=\"task05-basic-session-flow\" tests=\"1\" failures=\"1\" errors=\"0\" skipped=\"0\" time=\""))
        #expect(text.contains("file=\"Simulator/scenarios/task05-basic-session-flow.yaml\""))
        #expect(text.contains("<testcase classname=\"task04\" name=\"task04-s3-sync-failure\""))
        #expect(text.contains("<property name=\"faultPlans\" value=\"Simulator/faults/every-build-fails.yaml\"/>"))
        #expect(text.contains("<property name=\"replay\" value=\"wsim run task05-basic-session-flow --seed 20250815 --faults Simulator/faults/every-build-fails.yaml\"/>"))
        let swarm = try WSimProcess.run(["swarm", "--seeds", "1-3", "-j", "1", "--out", folder.appendingPathComponent("swarm").path])
        #expect(swarm.status == 0, "\(swarm.output)\(swarm.error)")
        #expect(try validate(folder.appendingPathComponent("swarm/junit.xml")).status == 0)
        // The schema is really applied: a test case with a file attribute (Jenkins' schema has none) is refused.
        let wrong = folder.appendingPathComponent("wrong.xml")
        try Data(text.replacingOccurrences(of: "<testcase classname=", with: "<testcase file=\"x\" classname=").utf8).write(to: wrong)
        #expect(try validate(wrong).status != 0)
    }
}
