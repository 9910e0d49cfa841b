import Testing
@testable import Worker

/// SPEC section 3's steps as pure transitions: no I/O, no time, one outcome in, the next step out.
@Suite("The command pipeline")
struct CommandPipelineTests {
    typealias Step = CommandPipeline.Step

    /// Runs the outcomes through a new pipeline and returns every step it went through.
    func walk(_ outcomes: [CommandPipeline.Outcome], maxAttempts: Int = 3, resume: CommandPipeline.Resume = .init()) -> (steps: [Step], pipeline: CommandPipeline) {
        var pipeline = CommandPipeline(maxAttempts: maxAttempts, resume: resume)
        var steps = [pipeline.step]
        for outcome in outcomes { steps.append(pipeline.advance(outcome)) }
        return (steps, pipeline)
    }

    @Test func everyStepSucceedsInSpecOrder() {
        let (steps, pipeline) = walk(Array(repeating: .succeeded, count: 9))
        #expect(steps == [.recover, .switchBranch, .claude, .commit, .build, .sync, .push, .respond, .done, .done])
        #expect(pipeline.succeeded && pipeline.errors.isEmpty)
    }

    @Test func aFailedBuildSkipsTheDeployAndStillPushes() {
        let (steps, pipeline) = walk([.succeeded, .succeeded, .succeeded, .succeeded, .failed("out of memory"), .succeeded, .succeeded])
        #expect(steps.suffix(4) == [.build, .push, .respond, .done])
        #expect(pipeline.errors == ["build: out of memory"] && !pipeline.succeeded && pipeline.pushSucceeded)
    }

    @Test func aFailedSyncIsRestoredBeforeThePush() {
        let (steps, pipeline) = walk([.succeeded, .succeeded, .succeeded, .succeeded, .succeeded, .failed("AccessDenied"), .succeeded, .succeeded])
        #expect(steps.suffix(4) == [.sync, .restore, .push, .respond])
        #expect(pipeline.errors == ["sync: AccessDenied"] && !pipeline.deploySucceeded)
    }

    @Test(arguments: [Step.claude, .build])
    func anInterruptedToolStopsCommitsItsWorkAndPushes(_ at: Step) {
        var pipeline = CommandPipeline()
        while pipeline.step != at { pipeline.advance(.succeeded) }
        #expect(pipeline.advance(.interrupted) == .stopTool)
        #expect(pipeline.advance(.succeeded) == .commitWork)
        #expect(pipeline.advance(.succeeded) == .push)
        #expect(pipeline.advance(.succeeded) == .respond)
        #expect(pipeline.interrupted && !pipeline.succeeded)
    }

    @Test func anInterruptedSyncIsRestoredThenTheWorkCommitted() {
        var pipeline = CommandPipeline()
        while pipeline.step != .sync { pipeline.advance(.succeeded) }
        #expect(pipeline.advance(.interrupted) == .restore)
        #expect(pipeline.advance(.succeeded) == .commitWork)
        #expect(pipeline.advance(.succeeded) == .push)
    }

    @Test func onlyClaudeTheBuildAndTheSyncCanBeInterrupted() {
        var pipeline = CommandPipeline()
        #expect(pipeline.advance(.interrupted) == .recover)
        pipeline.advance(.succeeded)
        pipeline.advance(.succeeded)
        pipeline.advance(.succeeded)
        #expect(pipeline.step == .commit)
        #expect(pipeline.advance(.interrupted) == .commit)
        #expect(!pipeline.interrupted)
    }

    /// Claude, the workspace and the commit failing: retried from `recover` (the message held), then given up.
    @Test(arguments: [Step.recover, .switchBranch, .claude, .commit])
    func failedAttemptsAreRetriedThenGivenUp(_ failing: Step) {
        var pipeline = CommandPipeline(maxAttempts: 3)
        for attempt in 1...3 {
            while pipeline.step != failing { pipeline.advance(.succeeded) }
            #expect(pipeline.attempt == attempt)
            let next = pipeline.advance(.failed("nope"))
            if attempt < 3 {
                #expect(next == .retry)
                #expect(pipeline.advance(.succeeded) == .recover)
            } else {
                #expect(next == .giveUp)
            }
        }
        #expect(pipeline.errors == ["nope (after 3 attempts)"])
        #expect(pipeline.advance(.failed("DLQ down")) == .giveUp, "a give-up that could not be recorded runs again")
        #expect(pipeline.advance(.succeeded) == .done)
    }

    @Test func aRespondThatCouldNotBeMadeDurableRunsAgain() {
        var pipeline = CommandPipeline()
        while pipeline.step != .respond { pipeline.advance(.succeeded) }
        #expect(pipeline.advance(.failed("ledger unavailable")) == .respond)
        #expect(pipeline.advance(.succeeded) == .done)
        #expect(pipeline.succeeded, "the retry of respond is not an error of the command")
    }

    @Test func aResumedCommandSkipsWhatItAlreadyDid() {
        #expect(walk([.succeeded, .succeeded], resume: .init(committed: true)).steps == [.recover, .switchBranch, .build])
        #expect(walk([.succeeded, .succeeded], resume: .init(committed: true, deployed: true)).steps == [.recover, .switchBranch, .push])
        var found = CommandPipeline()
        found.advance(.succeeded)
        found.noteAlreadyCommitted()
        #expect(found.advance(.succeeded) == .build, "a commit found on the branch counts as done")
    }

    @Test func aCommandThatKeepsKillingItsContainersIsGivenUpAtOnce() {
        var pipeline = CommandPipeline.givingUp("started 4 times")
        #expect(pipeline.step == .giveUp && pipeline.errors == ["started 4 times"])
        #expect(pipeline.advance(.succeeded) == .done)
    }
}
