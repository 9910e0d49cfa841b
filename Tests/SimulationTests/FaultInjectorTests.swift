import AWSPorts
import AWSSim
import Foundation
@testable import Simulation
import SimKernel
import Testing

/// How fault plans pick their calls: window, nth, seeded probability, callers, site.
@Suite("Fault injection")
struct FaultInjectorTests {
    func world(_ plan: String, seed: UInt64 = 5) throws -> (AmeliaWorld, FaultInjector) {
        let world = try AmeliaWorld(seed: seed)
        let parsed = try FaultPlanLoader.parse(try ConfigNode.parse(plan, file: "test.yaml"), name: "test")
        let injector = try FaultInjector(plans: [parsed], world: world.run.world, seed: seed, scheduler: world.run.scheduler, trace: world.run.trace)
        world.run.install(injector)
        return (world, injector)
    }

    /// Sends a message to amelia's input queue as a container would; true when it failed.
    func send(_ world: AmeliaWorld, caller: String = "worker ecs-test", queue: String? = nil) -> Bool {
        world.run.aws.latency.withCaller(caller) {
            (try? world.run.aws.sqs.sendMessage(SendMessageRequest(queueUrl: queue ?? world.amelia.endpoints.inputQueueURL, messageBody: "x"))) == nil
        }
    }

    @Test func nthHitsOnlyThatCall() throws {
        let (world, injector) = try world("description: d\nfaults:\n  - {service: sqs, operation: SendMessage, nth: 2, error: {code: ThrottlingException, statusCode: 400}}\n")
        #expect((0..<4).map { _ in send(world) } == [false, true, false, false])
        #expect(try world.run.database.eventLog().filter { $0.operation == "FaultInjected" }.count == 1)
        _ = injector
    }

    /// Two rules on one git operation: each counts its own matches, so `nth: 1` and `nth: 2` hit the first and
    /// the second push (the first rule that fires used to stop the others from counting).
    @Test func everyRuleCountsItsOwnMatches() throws {
        let plan = """
            description: d
            faults:
              - {service: git, operation: push, nth: 1, error: {message: first}}
              - {service: git, operation: push, nth: 2, error: {message: second}}
              - {service: claude, nth: 1, fail: one}
              - {service: claude, nth: 2, fail: two}
            """
        let (world, injector) = try world(plan)
        let workspace = world.amelia.endpoints.workspacePath
        #expect([injector.gitFailure(.push, workspace: workspace), injector.gitFailure(.push, workspace: workspace),
                 injector.gitFailure(.push, workspace: workspace)] == ["first", "second", nil])
        let now = world.run.scheduler.now
        #expect(injector.toolFault(.claude, workspace: workspace, at: now) == .fail("one"))
        #expect(injector.toolFault(.claude, workspace: workspace, at: now) == .fail("two"))
        #expect(injector.toolFault(.claude, workspace: workspace, at: now) == nil)
    }

    @Test func aOneShotFaultMayWaitForAStepAndItsNthOccurrence() throws {
        let plan = "description: d\nfaults:\n  - {service: container, nth: 2, crash: {duringStep: build}}\n"
        let parsed = try FaultPlanLoader.parse(try ConfigNode.parse(plan, file: "test.yaml"), name: "test")
        #expect(parsed.rules[0].effect == .crash(exitCode: 137, duringCommand: false, duringStep: .build))
        #expect(parsed.rules[0].nth == 2)
        let corrupt = "description: d\nfaults:\n  - {service: git, corrupt: {state: detachedHead, duringStep: claude}}\n"
        #expect(try FaultPlanLoader.parse(try ConfigNode.parse(corrupt, file: "test.yaml"), name: "test").rules[0].effect
            == .corrupt(.detachedHead, duringStep: .claude))
        let typo = "description: d\nfaults:\n  - {service: container, crash: {duringStep: biuld}}\n"
        #expect {
            _ = try FaultPlanLoader.parse(try ConfigNode.parse(typo, file: "test.yaml"), name: "test")
        } throws: { error in
            "\(error)".contains("unknown step \"biuld\" (did you mean build?)")
        }
    }

    @Test func theWindowOpensAndCloses() throws {
        let (world, _) = try world("description: d\nfaults:\n  - {service: sqs, startAfter: 10s, duration: 5s, error: {code: InternalError, statusCode: 500}}\n")
        #expect(!send(world))
        world.run.advance(by: .seconds(11))
        #expect(send(world))
        world.run.advance(by: .seconds(5))
        #expect(!send(world))
    }

    @Test func probabilitiesAreDrawnFromTheSeed() throws {
        let plan = "description: d\nfaults:\n  - {service: sqs, probability: 0.25, error: {code: InternalError, statusCode: 500}}\n"
        func pattern(seed: UInt64) throws -> [Bool] {
            let (world, _) = try world(plan, seed: seed)
            return (0..<200).map { _ in send(world) }
        }
        let first = try pattern(seed: 5)
        #expect(first == (try pattern(seed: 5)))
        #expect(first != (try pattern(seed: 6)))
        #expect((30...70).contains(first.filter { $0 }.count), "about a quarter of 200: \(first.filter { $0 }.count)")
    }

    @Test func onlyContainersCallsUnlessAskedAndOnlyTheSite() throws {
        let (world, _) = try world("description: d\nfaults:\n  - {service: sqs, site: amelia, error: {code: InternalError, statusCode: 500}}\n")
        #expect(send(world))
        #expect(!send(world, caller: "hermes"), "the harness's own calls are not the containers'")
        #expect(!send(world, queue: world.run.world.unclaimedQueueURL), "only the site's queues")
        let (everyone, _) = try self.world("description: d\nfaults:\n  - {service: sqs, from: any, error: {code: InternalError, statusCode: 500}}\n")
        #expect(send(everyone, caller: "hermes"))
    }

    @Test func removedCredentialsFailEveryCall() throws {
        let (world, injector) = try world("description: d\nfaults:\n  - {service: sqs, removeCredentials: true}\n")
        let error = world.run.aws.latency.withCaller("worker ecs-x") { () -> AWSError? in
            do {
                _ = try world.run.aws.sqs.sendMessage(SendMessageRequest(queueUrl: world.amelia.endpoints.inputQueueURL, messageBody: "x"))
                return nil
            } catch let error as AWSError {
                return error
            } catch {
                return nil
            }
        }
        #expect(error?.code == "NoCredentials" && error?.message == "Unable to locate credentials")
        injector.disable()
        #expect(!send(world), "faults are off in the quiet phase")
    }

    @Test func aCrashedContainerIsReplacedAndItsCommandStillCompletes() throws {
        let directory = ScenarioHarness.temporaryDirectory("crash")
        let planFile = ScenarioHarness.temporaryDirectory("crash-plan").appendingPathExtension("yaml")
        defer {
            try? FileManager.default.removeItem(at: directory)
            try? FileManager.default.removeItem(at: planFile)
        }
        // The container dies in the middle of cmd-001's Claude run (cold start is 15 to 45 s).
        try Data("description: d\nfaults:\n  - {service: container, site: amelia, startAfter: 55s, crash: {exitCode: 137}}\n".utf8).write(to: planFile)
        var (prepared, settings) = try ScenarioHarness.prepare("task05-basic-session-flow", faults: [planFile])
        prepared.scenario.limit = .seconds(3600)
        let outcome = ScenarioRunner.run(prepared, settings: settings, outputDirectory: directory)
        #expect(outcome.status == .passed, "\(ScenarioHarness.describe(outcome))")
        #expect(outcome.faultsInjected == 1)
        let trace = try String(contentsOf: directory.appendingPathComponent("trace.jsonl"), encoding: .utf8)
        #expect(trace.contains("\"exitCode\":\"137\""))
        #expect(trace.contains("\"reason\":\"Essential container in task exited\""))
    }
}
