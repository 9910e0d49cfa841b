import Foundation
import Logging
import SimKernel

/// Step 5: commit what the command changed, on the session's branch only; and the work-in-progress commit
/// of an interrupted or stopped command.
extension SessionWorker {
    func commit(_ run: CommandRun, on site: ClaimedSite) -> StepProgress {
        guard let repository = site.repository else { return .finished(.failed("\(LogLine.commitFailed): no workspace")) }
        do {
            // If HEAD left the session's branch while Claude ran (detached, a rebase begun), a commit would
            // land on no branch: this attempt failed, and the next one recovers the workspace first.
            let problems = try repository.problems()
            let current = try repository.currentBranch()
            guard problems.isEmpty, current == run.branch else {
                let state = problems.isEmpty ? "HEAD is on \(current ?? "no branch")" : problems.map(\.rawValue).joined(separator: ", ")
                return .finished(.failed("\(LogLine.workspaceChangedDuringClaude) (\(state), not \(run.branch)); nothing was committed"))
            }
            let files = try repository.changedPaths()
            run.filesChanged = files
            if files.isEmpty {
                run.logger.info("\(LogLine.noChangesToCommit)")
            } else {
                let message = CommitMessage.full(
                    instruction: run.message.instruction, files: files, sessionId: run.message.sessionId,
                    commandId: run.message.commandId, userId: run.message.userId, at: now)
                run.commitSha = try repository.commitAll(message: message, author: .container, at: now)
                run.logger.info("\(LogLine.committed) \(run.commitSha.map { String($0.prefix(8)) } ?? "nothing"): \(message.prefix { $0 != "\n" })")
            }
        } catch {
            return .finished(.failed("\(LogLine.commitFailed): \(error.message)"))
        }
        do {
            try ledger.recordCommit(run.commitSha, sessionId: run.message.sessionId, commandId: run.message.commandId)
        } catch {
            run.logger.warning("Could not record the commit in the ledger: \(error)")
        }
        return .waiting(until: now + timing.duration(of: .commit), interruptible: false, outcome: .succeeded)
    }

    /// An interrupted command's partial changes, committed on its branch as WIP.
    func commitWork(_ run: CommandRun, on site: ClaimedSite) -> StepProgress {
        do {
            if let sha = try commitWorkInProgress(run, on: site) {
                run.commitSha = sha
                run.logger.info("\(LogLine.committed) work in progress \(sha.prefix(8)) on \(run.branch)")
            } else {
                run.logger.info("\(LogLine.noWorkInProgress)")
            }
        } catch {
            run.logger.error("\(LogLine.commitFailed): \(error.message)")
            return .finished(.failed(error.message))
        }
        return .waiting(until: now + timing.duration(of: .commit), interruptible: false, outcome: .succeeded)
    }

    /// `WIP: Session interrupted [tag]` with the usual trailers; nil when the tree is clean or HEAD is not on
    /// the command's branch.
    func commitWorkInProgress(_ run: CommandRun, on site: ClaimedSite) throws(RepositoryError) -> String? {
        guard let repository = site.repository, try repository.currentBranch() == run.branch, try repository.problems().isEmpty else { return nil }
        let files = try repository.changedPaths()
        guard !files.isEmpty else { return nil }
        run.filesChanged = Array(Set(run.filesChanged + files)).sorted()
        let message = CommitMessage.interrupted(sessionId: run.message.sessionId) + "\n\n"
            + CommitMessage.body(
                instruction: run.message.instruction, files: files, sessionId: run.message.sessionId,
                commandId: run.message.commandId, userId: run.message.userId, at: now) + "\n"
        return try repository.commitAll(message: message, author: .container, at: now)
    }
}
