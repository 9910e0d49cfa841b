import AWSPorts
import AWSSim
import Foundation
@testable import Simulation
import SimKernel
import Testing

/// The harness stands in for Hermes and the clients: it must not lose answers, count refused sends as lost, or
/// take a valid message for a malformed one.
@Suite("The harness")
struct HarnessTests {
    @Test func theCollectorReadsAnAnswerAfterAReceiveFailed() throws {
        let world = try AmeliaWorld()
        let collector = ResponseCollector(run: world.run)
        collector.start()
        var failed = 0
        world.run.aws.seam.interceptor = ClosureFaultInterceptor { call in
            guard call.operation == "ReceiveMessage", call.resource == world.amelia.endpoints.outputQueueURL, failed == 0 else { return .proceed }
            failed += 1
            return .fail(AWSError(code: "InternalError", message: "try again", httpStatus: 500))
        }
        _ = try world.run.aws.sqs.sendMessage(SendMessageRequest(
            queueUrl: world.amelia.endpoints.outputQueueURL, messageBody: #"{"type":"response","commandId":"cmd-x"}"#))
        world.run.advance(by: .seconds(5))
        #expect(failed == 1)
        #expect(collector.response(for: "cmd-x") != nil, "read a second later")
    }

    func run(_ scenario: String) throws -> (ScenarioOutcome, RunEvidence) {
        let file = ScenarioHarness.temporaryDirectory("harness").appendingPathExtension("yaml")
        let directory = ScenarioHarness.temporaryDirectory("harness-run")
        defer {
            try? FileManager.default.removeItem(at: file)
            try? FileManager.default.removeItem(at: directory)
        }
        try Data(scenario.utf8).write(to: file)
        let settings = RunSettings(seed: 7, projectRoot: ScenarioHarness.projectRoot)
        let prepared = try ScenarioRunner.prepare(try ScenarioHarness.catalog.scenario(file.path), settings: settings)
        let (outcome, evidence) = ScenarioRunner.execute(prepared, settings: settings, outputDirectory: directory)
        return (outcome, try #require(evidence))
    }

    /// SQS refuses an empty body: nothing was queued, so nothing is owed (it used to count as lost). A raw
    /// body that is a valid work message is a command like any other, and is answered.
    @Test func aRefusedSendIsNotLostAndAValidRawBodyIsACommand() throws {
        let (outcome, evidence) = try run("""
            title: t
            description: d
            seedSet: amelia
            workload:
              - body: ''
                to: amelia
              - body: '{"sessionId": "s-raw", "commandId": "cmd-raw", "chatThreadId": "thread-raw", "clientId": "amelia", "instruction": "Add a welcome message to the homepage", "userId": "u1"}'
                to: amelia
              - waitFor: all
            checks:
              - expect: The raw command is answered
                answered: {command: cmd-raw, success: true}
            """)
        #expect(outcome.status == .passed, "\(ScenarioHarness.describe(outcome))")
        #expect(evidence.driver.refused.count == 1, "the empty body was refused")
        #expect(evidence.driver.sent.map(\.commandId) == ["cmd-raw"])
        #expect(evidence.driver.sentBodies.isEmpty)
    }
}
