/// SPEC section 3's steps for one work message, on one page: which step runs next, given how the last one
/// went. A value type with no I/O; the worker runs each step's I/O (in the file named after the step) and
/// reports its outcome here. Read it next to SPEC 3's numbered list:
///
/// 1. Validate (and the idempotency check) happen when the message is received, before the pipeline.
/// 2. `recover` the workspace → 3. `switchBranch` → 4. `claude` → 5. `commit` → 6. `build` → 7. `deploy`
///    → 8. `push` → 9. `respond` → `done`.
/// - A failed recover, switch, Claude run or commit is a failed attempt: `retry` (a pause, then from
///   `recover` again, with the message still held) until the last attempt, then `giveUp` (answer with the
///   error, dead-letter with the reason).
/// - A failed build skips the deploy and goes on to push. A failed deploy goes to `restore`, which puts the
///   last completed deploy back, then on to push: a bucket always holds one whole build.
/// - A message for a different session that arrives while Claude, the build or the sync runs interrupts it:
///   `stopTool` (a sync is stopped and `restore`d), `commitWork` (WIP), push, respond `interrupted`.
/// - A redelivered command resumes after what it already did: its commit, its deploy.
/// - `respond` and `giveUp` that cannot make their answer durable run again after a pause.
public struct CommandPipeline: Hashable, Sendable {
    public enum Step: String, Hashable, Sendable, CaseIterable {
        case recover, switchBranch, claude, commit, build, sync, restore, stopTool, commitWork, push, respond
        case retry, giveUp, done
    }

    public enum Outcome: Hashable, Sendable {
        case succeeded
        /// The step's work failed; `reason` says why, in words.
        case failed(String)
        /// A different session's message arrived while the step ran.
        case interrupted
    }

    /// What a redelivered command had already done before its container stopped.
    public struct Resume: Hashable, Sendable {
        public var committed: Bool
        public var deployed: Bool

        public init(committed: Bool = false, deployed: Bool = false) {
            self.committed = committed
            self.deployed = deployed
        }
    }

    public private(set) var step: Step = .recover
    /// The attempt running now, from 1.
    public private(set) var attempt = 1
    public let maxAttempts: Int
    public private(set) var resume: Resume
    public private(set) var interrupted = false
    public private(set) var claudeSucceeded = false
    public private(set) var buildSucceeded = false
    public private(set) var deploySucceeded = false
    public private(set) var pushSucceeded = false
    /// What went wrong, in order (`build: ...`, `sync: ...`); the response's `error`. When the pipeline gives
    /// up, the last one is why (with the number of attempts), the dead-letter reason.
    public private(set) var errors: [String] = []
    /// Why the last failed attempt failed.
    public private(set) var failure: String?

    public init(maxAttempts: Int = 3, resume: Resume = Resume()) {
        self.maxAttempts = maxAttempts
        self.resume = resume
    }

    /// A command that must not run again (its containers kept dying while running it): it is answered with
    /// `reason` and dead-lettered.
    public static func givingUp(_ reason: String) -> CommandPipeline {
        var pipeline = CommandPipeline(maxAttempts: 1)
        pipeline.step = .giveUp
        pipeline.failure = reason
        pipeline.errors = [reason]
        return pipeline
    }

    /// A redelivered command whose commit is already on its branch (found there, not in the ledger).
    public mutating func noteAlreadyCommitted() {
        resume.committed = true
    }

    /// ... whose deploy completed (the kept copy of the last deploy names it).
    public mutating func noteAlreadyDeployed() {
        resume.deployed = true
    }

    public var isDone: Bool { step == .done }

    /// The response's `success`: every step worked and nothing interrupted it.
    public var succeeded: Bool {
        !interrupted && claudeSucceeded && buildSucceeded && deploySucceeded && pushSucceeded && errors.isEmpty
    }

    /// Records how the current step went and moves to the next one.
    @discardableResult
    public mutating func advance(_ outcome: Outcome) -> Step {
        step = next(after: outcome)
        return step
    }

    private mutating func next(after outcome: Outcome) -> Step {
        switch (step, outcome) {
        case (.recover, .succeeded): return .switchBranch
        case (.switchBranch, .succeeded):
            if resume.deployed { claudeSucceeded = true; buildSucceeded = true; deploySucceeded = true; return .push }
            if resume.committed { claudeSucceeded = true; return .build }
            return .claude
        case (.recover, .failed(let reason)), (.switchBranch, .failed(let reason)), (.claude, .failed(let reason)),
            (.commit, .failed(let reason)):
            return failedAttempt(reason)

        case (.claude, .succeeded):
            claudeSucceeded = true
            return .commit
        case (.commit, .succeeded): return .build
        case (.build, .succeeded):
            buildSucceeded = true
            return .sync
        case (.build, .failed(let reason)):
            errors.append("build: \(reason)")
            return .push
        case (.sync, .succeeded):
            deploySucceeded = true
            return .push
        case (.sync, .failed(let reason)):
            errors.append("sync: \(reason)")
            return .restore
        case (.restore, .succeeded): return interrupted ? .commitWork : .push
        case (.restore, .failed(let reason)):
            errors.append("restore: \(reason)")
            return interrupted ? .commitWork : .push

        case (.claude, .interrupted), (.build, .interrupted):
            interrupted = true
            return .stopTool
        case (.sync, .interrupted):
            interrupted = true
            return .restore
        case (.stopTool, _): return .commitWork
        case (.commitWork, .succeeded): return .push
        case (.commitWork, .failed(let reason)):
            errors.append("commit: \(reason)")
            return .push

        case (.push, .succeeded):
            pushSucceeded = true
            return .respond
        case (.push, .failed(let reason)):
            errors.append("push: \(reason)")
            return .respond
        case (.respond, .succeeded), (.giveUp, .succeeded): return .done
        case (.respond, .failed), (.giveUp, .failed): return step
        case (.retry, _):
            attempt += 1
            return .recover

        case (.done, _): return .done
        case (_, .interrupted): return step  // only Claude, the build and the sync can be interrupted
        }
    }

    private mutating func failedAttempt(_ reason: String) -> Step {
        failure = reason
        if attempt < maxAttempts { return .retry }
        errors.append("\(reason) (after \(attempt) attempt\(attempt == 1 ? "" : "s"))")
        return .giveUp
    }
}
