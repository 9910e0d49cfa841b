import AWSPorts
import Foundation
import Logging
import Messages
import SimKernel

/// How a step's I/O went when it was started.
enum StepProgress {
    /// Done now, with this outcome.
    case finished(CommandPipeline.Outcome)
    /// Its work takes until `until`; the outcome is known now (git work) or when it ends (a tool run).
    /// An interruptible step watches the input queue meanwhile.
    case waiting(until: Instant, interruptible: Bool, outcome: CommandPipeline.Outcome?)
    /// More of it at the next wake (a sync, one upload at a time); the input queue is watched in between.
    case working
}

/// Drives a command through `CommandPipeline`: starts each step's I/O, waits out its modelled time, reports
/// its outcome, and moves on.
extension SessionWorker {
    func begin(_ work: ReceivedWork, pipeline: CommandPipeline, branch: String, commit: String?, resumed: Bool, on site: ClaimedSite) -> WorkerWake {
        let run = CommandRun(work: work, pipeline: pipeline, logger: logger, at: now)
        run.branch = branch
        run.resumed = resumed
        if let commit, commit != "none" { run.commitSha = commit }
        run.logger.info("\(LogLine.processingCommand) \(work.message.commandId) for session \(work.message.sessionId) on \(branch)")
        if pipeline.resume.committed || pipeline.resume.deployed {
            run.logger.info("Resuming command \(work.message.commandId): already \(pipeline.resume.deployed ? "committed and deployed" : "committed")")
        }
        site.lastActivity = now
        phase = .busy(site, run)
        return .at(now)
    }

    /// Runs the command's current step, or waits for it.
    func advance(_ run: CommandRun, on site: ClaimedSite) -> WorkerWake {
        if let later = run.tryAgainAt, now < later { return .at(later) }
        run.tryAgainAt = nil
        if let until = run.waitingUntil {
            if now < until {
                if run.interruptible, wakeReason == .messageVisible, checkInbox(run, on: site) { return .at(now) }
                return run.interruptible ? .messageOrAt(queueURL: site.endpoints.inputQueueURL, until) : .at(until)
            }
            run.waitingUntil = nil
            let outcome = run.pendingOutcome ?? finishStep(run, on: site)
            run.pendingOutcome = nil
            return proceed(run, outcome, on: site)
        }
        if run.pipeline.step == .sync, run.syncPlan != nil, wakeReason == .messageVisible, checkInbox(run, on: site) { return .at(now) }
        switch beginStep(run, on: site) {
        case .finished(let outcome):
            return proceed(run, outcome, on: site)
        case .waiting(let until, let interruptible, let outcome):
            run.waitingUntil = until
            run.interruptible = interruptible
            run.pendingOutcome = outcome
            return interruptible ? .messageOrAt(queueURL: site.endpoints.inputQueueURL, until) : .at(until)
        case .working:
            return .messageOrAt(queueURL: site.endpoints.inputQueueURL, now)
        }
    }

    /// Starts the I/O of the current step (in the file named after it).
    private func beginStep(_ run: CommandRun, on site: ClaimedSite) -> StepProgress {
        switch run.pipeline.step {
        case .recover: recover(run, on: site)
        case .switchBranch: switchBranch(run, on: site)
        case .claude: startClaude(run, on: site)
        case .commit: commit(run, on: site)
        case .build: startBuild(run, on: site)
        case .sync: sync(run, on: site)
        case .restore: restore(run, on: site)
        case .stopTool: .waiting(until: now + timing.duration(of: .stopTool), interruptible: false, outcome: .succeeded)
        case .commitWork: commitWork(run, on: site)
        case .push: startPush(run, on: site)
        case .respond: respond(run, on: site)
        case .retry: .waiting(until: now + configuration.retryBackoff * (run.pipeline.attempt), interruptible: false, outcome: .succeeded)
        case .giveUp: giveUp(run, on: site)
        case .done: .finished(.succeeded)
        }
    }

    /// Ends a step whose outcome is known only when its modelled time is over: the tool runs and the push.
    private func finishStep(_ run: CommandRun, on site: ClaimedSite) -> CommandPipeline.Outcome {
        switch run.pipeline.step {
        case .claude: finishClaude(run, on: site)
        case .build: finishBuild(run, on: site)
        case .push: finishPush(run, on: site)
        default: .succeeded
        }
    }

    /// Reports the outcome, moves the pipeline on, and says what the next step needs.
    func proceed(_ run: CommandRun, _ outcome: CommandPipeline.Outcome, on site: ClaimedSite) -> WorkerWake {
        let step = run.pipeline.step
        if let name = CommandRun.timingName(step) { run.timings[name, default: .zero] += now - run.stepStartedAt }
        let next = run.pipeline.advance(outcome)
        run.stepStartedAt = now
        switch next {
        case .retry:
            let backoff = configuration.retryBackoff * run.pipeline.attempt
            let failure = run.pipeline.failure ?? "The command failed"
            run.logger.warning("\(failure); attempt \(run.pipeline.attempt) of \(run.pipeline.maxAttempts), retrying in \(Int(backoff.secondsValue)) s")
        case .giveUp where step != .giveUp:
            run.logger.error("\(run.pipeline.failure ?? "The command failed"); giving up after \(run.pipeline.attempt) attempts")
        case .done:
            site.lastActivity = now
            phase = .ready(site)
            // Nothing waits: the container is idle for now, so the site is checked (a workspace broken while
            // the command ran, say during its push, is repaired before anyone leaves).
            if site.waiting.isEmpty { checkHealth(of: site, logger: logger) }
        default:
            break
        }
        if (next == .respond || next == .giveUp) && next == step {
            // Its answer could not be made durable: the message stays held; try again in a moment.
            run.tryAgainAt = now + Self.recordRetryPause
            return .at(now + Self.recordRetryPause)
        }
        return .at(now)
    }
}
