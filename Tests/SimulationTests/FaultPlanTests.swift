import AWSPorts
import Foundation
import Simulation
import Testing

@Suite("Fault plans: reading and validation")
struct FaultPlanTests {
    func parse(_ text: String) -> Result<FaultPlan, ConfigError> {
        Result { () throws(ConfigError) in try FaultPlanLoader.parse(try ConfigNode.parse(text, file: "Simulator/faults/test.yaml"), name: "test") }
    }

    @Test func everyEffectReads() throws {
        let plan = try parse("""
            description: all of them
            faults:
              - {service: sqs, operation: ReceiveMessage, probability: 0.25, error: {code: ServiceUnavailable, statusCode: 503}}
              - {service: s3, operation: [PutObject, GetObject], startAfter: 30s, duration: 2m, latency: 1.5s}
              - {service: sqs, operation: DeleteMessageBatch, failEntries: {fraction: 0.5, error: {code: InternalError, statusCode: 500}}}
              - {service: s3, removeCredentials: true, from: any}
              - {service: git, operation: push, nth: 2, error: {message: "remote rejected"}}
              - {service: git, site: amelia, startAfter: 90s, corrupt: detachedHead}
              - {service: git, site: amelia, remoteURL: "https://invalid.url"}
              - {service: claude, fail: "rate limited"}
              - {service: build, nth: 1, slow: 40}
              - {service: build, stopHalfway: true}
              - {service: container, site: amelia, startAfter: 20s, crash: {exitCode: 1}}
              - {service: ecs, duration: 10m, startDelay: 90s}
              - {service: hermes, operation: CreateSession, probability: 0.5, error: {code: ThrottlingException, statusCode: 429}}
              - {service: container, crash: {duringCommand: true}}
            """).get()
        #expect(plan.rules.count == 14)
        #expect(plan.rules[11].effect == .startDelay(.seconds(90)))
        #expect(plan.rules[12].operations == ["CreateSession"] && plan.rules[12].effect == .error(AWSError(code: "ThrottlingException", message: "Injected fault: ThrottlingException", httpStatus: 429)))
        #expect(plan.rules[13].effect == .crash(exitCode: 137, duringCommand: true))
        #expect(plan.rules[0].effect == .error(AWSError(code: "ServiceUnavailable", message: "Injected fault: ServiceUnavailable", httpStatus: 503)))
        #expect(plan.rules[0].probability == 0.25)
        #expect(plan.rules[1].operations == ["PutObject", "GetObject"] && plan.rules[1].duration == .seconds(120))
        #expect(plan.rules[1].effect == .latency(.milliseconds(1500)))
        #expect(plan.rules[3].callers == .any && plan.rules[0].callers == .containers)
        #expect(plan.rules[4].nth == 2 && plan.rules[4].effect == .gitError("remote rejected"))
        #expect(plan.rules[5].effect == .corrupt(.detachedHead))
        #expect(plan.rules[8].effect == .toolSlow(40))
        #expect(plan.rules[10].effect == .crash(exitCode: 1))
        #expect(plan.rules[10].line == 13)
    }

    @Test(arguments: [
        ("faults:\n  - {service: s3, latency: 1s, probabilty: 0.5}\ndescription: x", 2, "faults[0].probabilty", "unknown key (did you mean probability?)"),
        ("description: x\nfaults:\n  - service: s3\n    latency: fast\n", 4, "faults[0].latency", "expected a duration such as 500ms, 2s or 3m"),
        ("description: x\nfaults:\n  - service: s4\n    latency: 1s\n", 3, "faults[0].service", "unknown service \"s4\""),
        ("description: x\nfaults:\n  - service: sqs\n    probability: 1.5\n    latency: 1s\n", 4, "faults[0].probability", "probability must be between 0 and 1, found 1.5"),
        ("description: x\nfaults:\n  - service: sqs\n    operation: RecieveMessage\n    latency: 1s\n", 4, "faults[0].operation", "unknown sqs operation \"RecieveMessage\" (did you mean ReceiveMessage?)"),
        ("description: x\nfaults:\n  - service: claude\n    latency: 1s\n", 4, "faults[0].latency", "latency applies to AWS services, not to claude"),
        ("description: x\nfaults:\n  - service: dynamodb\n    site: amelia\n    latency: 1s\n", 4, "faults[0].site", "site applies to sqs, s3, git, claude, build and container faults"),
        ("description: x\nfaults:\n  - service: git\n    nth: 2\n    corrupt: mergeInProgress\n", 4, "faults[0].nth", "corrupt happens once, at startAfter; nth does not apply"),
        ("description: x\nfaults:\n  - service: s3\n", 3, "faults[0]", "says no effect"),
        ("description: x\nfaults:\n  - service: s3\n    latency: 1s\n    removeCredentials: true\n", 3, "faults[0]", "gives several effects"),
        ("description: x\nfaults:\n  - service: s3\n    error: {code: X, statusCode: 200}\n", 4, "faults[0].error.statusCode", "statusCode must be an HTTP error status"),
        ("description: x\nfaults:\n  - service: s3\n    operation: PutObject\n    failEntries: {fraction: 0.5, error: {code: X, statusCode: 500}}\n", 5, "faults[0].failEntries", "failEntries needs a batch operation; PutObject is not one"),
        ("description: x\nfaults: []\n", 2, "faults", "a fault plan needs at least one fault"),
        ("faults:\n  - {service: s3, latency: 1s}\n", 1, nil, "the key description is required"),
        ("description: x\nfaults:\n  - service: s3\n    startDelay: 90s\n", 4, "faults[0].startDelay", "startDelay applies to ecs, not to s3"),
        ("description: x\nfaults:\n  - service: hermes\n    operation: CreateSesion\n    error: {code: X, statusCode: 429}\n", 4, "faults[0].operation", "unknown hermes operation \"CreateSesion\" (did you mean CreateSession?)"),
        ("description: x\nfaults:\n  - service: hermes\n    latency: 1s\n", 4, "faults[0].latency", "latency applies to AWS services, not to hermes"),
    ] as [(String, Int, String?, String)])
    func mistakesNameTheFileLineAndKey(_ text: String, _ line: Int, _ key: String?, _ problem: String) {
        guard case .failure(let error) = parse(text) else {
            Issue.record("must be refused: \(text)")
            return
        }
        #expect(error.file == "Simulator/faults/test.yaml")
        #expect(error.line == line, "\(error)")
        #expect(error.key == key, "\(error)")
        #expect(error.problem.contains(problem), "\(error)")
    }

    @Test func theProjectsFaultPlansAllRead() throws {
        let directory = ScenarioHarness.projectRoot.appendingPathComponent("Simulator/faults")
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".yaml") }.sorted()
        #expect(files.count >= 4)
        for file in files {
            let plan = try FaultPlanLoader.load(directory.appendingPathComponent(file), displayName: "Simulator/faults/\(file)")
            #expect(!plan.rules.isEmpty && !plan.description.isEmpty)
        }
    }
}
