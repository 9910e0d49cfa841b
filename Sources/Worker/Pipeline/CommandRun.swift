import Logging
import Messages
import SimKernel

/// One command being processed: its pipeline, the I/O state of the step that runs, and what the steps
/// produced for the response.
final class CommandRun {
    var work: ReceivedWork
    var pipeline: CommandPipeline
    let logger: Logger
    /// When this container began the command.
    let startedAt: Instant
    /// The thread's branch, once the registry said which.
    var branch: String
    /// A container started this command before (it died, or handed the command back).
    var resumed = false

    /// The step's work takes until this instant; then its outcome is `pendingOutcome`, or what finishing
    /// the step says.
    var waitingUntil: Instant?
    /// Whether a message for a different session may stop the step while it waits.
    var interruptible = false
    var pendingOutcome: CommandPipeline.Outcome?
    /// The step failed in a way that is tried again (the answer could not be made durable): not before this.
    var tryAgainAt: Instant?
    var stepStartedAt: Instant
    var assistantTask: AssistantTask?
    var buildTask: BuildTask?
    /// What the build wrote into `dist/`, for the sync.
    var builtFiles: [String] = []
    var syncPlan: SyncPlan?

    var summary = ""
    var filesChanged: [String] = []
    var commitSha: String?
    /// Milliseconds of each step the response reports: `switch`, `claude`, `build`, `sync`, `push`.
    var timings: [String: Duration] = [:]

    var message: WorkMessage { work.message }
    /// The latest receipt handle: a command only starts once its message was received.
    var receiptHandle: String { work.receiptHandle ?? "" }
    var interrupted: Bool { pipeline.interrupted }

    init(work: ReceivedWork, pipeline: CommandPipeline, logger: Logger, at instant: Instant) {
        self.work = work
        self.pipeline = pipeline
        self.startedAt = instant
        self.stepStartedAt = instant
        self.branch = BranchName.preferred(forThread: work.message.chatThreadId)
        var logger = logger
        logger[metadataKey: "sessionId"] = "\(work.message.sessionId)"
        logger[metadataKey: "commandId"] = "\(work.message.commandId)"
        self.logger = logger
    }

    /// The response's timing name for a step, if it has one.
    static func timingName(_ step: CommandPipeline.Step) -> String? {
        switch step {
        case .recover, .switchBranch: "switch"
        case .claude: "claude"
        case .build: "build"
        case .sync, .restore: "sync"
        case .push: "push"
        default: nil
        }
    }
}
