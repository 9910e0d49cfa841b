import AWSPorts
import Foundation
import Logging
import SimKernel

extension SessionWorker {
    /// A different session's message arrived (it already waits in `pending`): stop the running tool (SIGINT, `stopTool` of simulated time),
    /// keep what it had done, then commit it as WIP, push, answer `interrupted`, and take the new message.
    func interrupt(_ run: CommandRun, by work: ReceivedWork, on site: ClaimedSite) {
        let stopped: String
        switch run.stage {
        case .claude(let task, let startedAt, _):
            run.summary = task.interrupt(after: now - startedAt).summary
            run.finishStep("claude", at: now)
            stopped = "Claude"
        case .build(let task, let startedAt, _):
            _ = task.interrupt(after: now - startedAt)
            run.finishStep("build", at: now)
            run.logger.warning("Build interrupted; the partial build is not deployed")
            stopped = "the build"
        case .deploy(let plan):
            run.finishStep("sync", at: now)
            run.logger.warning("S3 sync interrupted: \(plan.uploaded) uploaded, \(plan.deleted) deleted")
            stopped = "the S3 sync"
        default:
            return
        }
        run.interruptedBy = work
        run.logger.warning("Interrupted by command \(work.message.commandId) of session \(work.message.sessionId); stopping \(stopped)")
        run.stage = .stopping(until: now + ports.timing.duration(of: .stopTool))
    }

    /// Commits the interrupted command's partial changes on its branch, then goes on to push.
    func commitInterruptedWork(_ run: CommandRun, on site: ClaimedSite) -> WorkerWake {
        run.stageStartedAt = now
        do {
            if let sha = try commitWorkInProgress(run, on: site) {
                run.commitSha = sha
                run.logger.info("Committed work in progress \(sha.prefix(8)) on \(run.branch)")
            } else {
                run.logger.info("No work in progress to commit")
            }
        } catch {
            run.errors.append("commit: \(error.message)")
            run.logger.error("Git commit failed: \(error.message)")
        }
        let until = now + ports.timing.duration(of: .commit)
        run.stage = .committing(until: until)
        return .at(until)
    }

    /// `WIP: Session interrupted [tag]` with the usual trailers; nil when the tree is clean.
    func commitWorkInProgress(_ run: CommandRun, on site: ClaimedSite) throws(RepositoryError) -> String? {
        guard let repository = site.repository, try repository.currentBranch() == run.branch else { return nil }
        let files = try repository.changedPaths()
        guard !files.isEmpty else { return nil }
        run.filesChanged = Array(Set(run.filesChanged + files)).sorted()
        let message = CommitMessage.interrupted(sessionId: run.message.sessionId) + "\n\n"
            + CommitMessage.body(
                instruction: run.message.instruction, files: files, sessionId: run.message.sessionId,
                commandId: run.message.commandId, userId: run.message.userId, at: now) + "\n"
        return try repository.commitAll(message: message, author: .container, at: now)
    }

    /// The container is stopping (SIGTERM): stop the tool, commit and push what there is. The message stays
    /// on the queue and is redelivered to whichever container takes the site next.
    func saveWorkInProgress(_ run: CommandRun, on site: ClaimedSite, reason: String) {
        switch run.stage {
        case .claude(let task, let startedAt, _): _ = task.interrupt(after: now - startedAt)
        case .build(let task, let startedAt, _): _ = task.interrupt(after: now - startedAt)
        default: break
        }
        do {
            if let sha = try commitWorkInProgress(run, on: site) {
                run.logger.info("Committed work in progress \(sha.prefix(8)) on \(run.branch) (\(reason))")
            }
            if let repository = site.repository, try repository.currentBranch() == run.branch {
                _ = try repository.push(branch: run.branch, committer: .container, at: now)
                run.logger.info("Git push complete")
            }
        } catch {
            run.logger.error("Could not save work in progress (\(reason)): \(error.message)")
        }
    }
}
