import Messages
import Logging
import SimKernel

/// One work message being processed: where it is in SPEC section 3's steps, and what each step produced.
final class CommandRun {
    enum Stage {
        /// Steps 2 and 3: recover the workspace, commit a dirty tree, check out the thread's branch.
        case prepare
        /// Waiting for the git work of `prepare` to take its modelled time.
        case switching(until: Instant)
        case claude(AssistantTask, startedAt: Instant, until: Instant)
        case commit
        case committing(until: Instant)
        case startBuild
        case build(BuildTask, startedAt: Instant, until: Instant)
        case deploy(DeployPlan)
        case push
        case pushing(until: Instant)
        case respond
        /// A different session's message arrived: the running tool is being stopped.
        case stopping(until: Instant)
    }

    var work: ReceivedWork
    let logger: Logger
    let startedAt: Instant
    let branch: String
    var stage: Stage = .prepare
    var stageStartedAt: Instant

    var summary = ""
    var filesChanged: [String] = []
    var commitSha: String?
    var claudeSucceeded = false
    var buildSuccess = false
    var deploySuccess = false
    var pushSuccess = false
    var errors: [String] = []
    /// The message (for a different session) that interrupted this command; processed right after it.
    var interruptedBy: ReceivedWork?
    /// A tool failure that leaves the message on the queue for another attempt.
    var retryReason: String?
    var timings: [String: Duration] = [:]

    var message: WorkMessage { work.message }
    var interrupted: Bool { interruptedBy != nil }

    init(work: ReceivedWork, logger: Logger, at instant: Instant) {
        self.work = work
        self.startedAt = instant
        self.stageStartedAt = instant
        self.branch = BranchName.forThread(work.message.chatThreadId)
        var logger = logger
        logger[metadataKey: "sessionId"] = "\(work.message.sessionId)"
        logger[metadataKey: "commandId"] = "\(work.message.commandId)"
        self.logger = logger
    }

    /// Records how long the named step took, from when it began to `now`, and starts the next.
    func finishStep(_ name: String, at now: Instant) {
        timings[name, default: .zero] += now - stageStartedAt
        stageStartedAt = now
    }
}
