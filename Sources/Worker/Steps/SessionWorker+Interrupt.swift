import Foundation
import Logging
import SimKernel

/// Interrupts (SPEC 3): a message for a different session, sent after the running command began, stops
/// Claude, the build or the sync; the partial work is committed as WIP, pushed, and the command answers
/// `interrupted`. Also what SIGTERM and a lost claim do to a running command.
extension SessionWorker {
    /// Stops the running step (`stopTool` of simulated time follows), keeping what it had done.
    func interrupt(_ run: CommandRun, by work: ReceivedWork, on site: ClaimedSite) {
        let stopped: String
        switch run.pipeline.step {
        case .claude:
            if let task = run.assistantTask { run.summary = task.interrupt(after: now - run.stepStartedAt).summary }
            run.assistantTask = nil
            stopped = "Claude"
        case .build:
            _ = run.buildTask?.interrupt(after: now - run.stepStartedAt)
            run.buildTask = nil
            run.logger.warning("\(LogLine.buildInterrupted); the partial build is not deployed")
            stopped = "the build"
        case .sync:
            run.logger.warning("\(LogLine.syncInterrupted): \(run.syncPlan?.uploaded ?? 0) uploaded, \(run.syncPlan?.deleted ?? 0) deleted")
            stopped = "the S3 sync"
        default:
            return
        }
        run.waitingUntil = nil
        run.pendingOutcome = nil
        run.logger.warning("\(LogLine.interruption(byCommand: work.message.commandId, session: work.message.sessionId, stopping: stopped))")
        _ = proceed(run, .interrupted, on: site)
    }

    /// Stops the tools of a command, keeping what they had done (SIGTERM: the work in progress is committed).
    func stopTools(of run: CommandRun) {
        _ = run.assistantTask?.interrupt(after: now - run.stepStartedAt)
        _ = run.buildTask?.interrupt(after: now - run.stepStartedAt)
        run.assistantTask = nil
        run.buildTask = nil
    }

    /// Kills the tools of a command that will not go on here (the site may be another container's already):
    /// nothing they had done is written, nothing on the volume or in the bucket is touched.
    func abandonTools(of run: CommandRun) {
        run.assistantTask = nil
        run.buildTask = nil
        run.syncPlan = nil
    }

    /// The container is stopping (SIGTERM): stop the tool, commit and push what there is. The message goes
    /// back to the queue; whichever container takes the site next resumes the command from the ledger.
    func saveWorkInProgress(_ run: CommandRun, on site: ClaimedSite, reason: String) {
        stopTools(of: run)
        do {
            if let sha = try commitWorkInProgress(run, on: site) {
                run.logger.info("\(LogLine.committed) work in progress \(sha.prefix(8)) on \(run.branch) (\(reason))")
            }
        } catch {
            run.logger.error("Could not save work in progress (\(reason)): \(error.message)")
        }
        if run.pipeline.step == .sync || run.pipeline.step == .restore {
            restoreBucket(site, logger: run.logger)
        }
        if pushUnpushed(site, logger: run.logger) { run.logger.info("\(LogLine.pushComplete)") }
    }
}
