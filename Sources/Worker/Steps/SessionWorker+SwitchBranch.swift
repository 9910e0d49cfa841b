import Foundation
import Logging
import SimKernel

/// Step 3: switch to the session's branch.
extension SessionWorker {
    /// Commits a dirty tree on the branch it belongs to, in the name of the command that left it (recorded
    /// in the repository, not inferred from this message), then checks out the thread's branch: local, else
    /// the remote's, else new from `main`. Never stashes. Records this command as the workspace's owner.
    func switchBranch(_ run: CommandRun, on site: ClaimedSite) -> StepProgress {
        guard let repository = site.repository else { return .finished(.failed("Workspace preparation failed: no workspace")) }
        var spent = Duration.zero
        do {
            let current = try repository.currentBranch()
            if !(try repository.changedPaths()).isEmpty {
                let owner = try repository.owner()
                if owner?.sessionId == run.message.sessionId && owner?.commandId == run.message.commandId {
                    // An earlier attempt of this very command left them: Claude does the whole edit again.
                    try repository.discardChanges()
                    run.logger.info("Discarded the uncommitted changes of an earlier attempt of command \(run.message.commandId)")
                } else {
                    // Another command's leftovers are committed in its name, on the branch they are on.
                    let sessionId = owner?.sessionId ?? run.message.sessionId
                    if owner == nil {
                        run.logger.warning("The working tree holds changes of no recorded command; committing them for \(sessionId)")
                    }
                    let message = CommitMessage.switching(from: sessionId, commandId: owner?.commandId ?? run.message.commandId, at: now)
                    let sha = try repository.commitAll(message: message, author: .container, at: now)
                    spent += timing.duration(of: .commit)
                    run.logger.info("Committed uncommitted changes on \(current ?? "HEAD") before switching: \(sha ?? "nothing")")
                }
            }
            if current != run.branch {
                let source: BranchSource
                if try repository.branchExists(run.branch, onRemote: false) {
                    source = .local
                } else if try repository.branchExists(run.branch, onRemote: true) {
                    source = .remote
                } else {
                    source = .newFrom("main")
                }
                try repository.checkout(branch: run.branch, source: source)
                run.logger.info("\(LogLine.switched) \(run.branch) (\(source.logDescription))")
            } else {
                run.logger.info("Already on \(run.branch)")
            }
            try repository.setOwner(WorkspaceOwner(
                sessionId: run.message.sessionId, commandId: run.message.commandId, chatThreadId: run.message.chatThreadId,
                branch: run.branch))
            // A redelivered command whose commit the ledger missed: the branch head carries it.
            if run.resumed, !run.pipeline.resume.committed, let head = try repository.commitMessage("refs/heads/\(run.branch)"),
                CommitMessage.isCommit(of: run.message.commandId, session: run.message.sessionId, message: head)
            {
                run.pipeline.noteAlreadyCommitted()
                run.commitSha = try repository.headCommit()
                run.logger.info("The branch already holds the commit of command \(run.message.commandId); not running Claude again")
            }
            // ... and whose deploy completed: the kept copy of the last deploy names it.
            if run.pipeline.resume.committed, !run.pipeline.resume.deployed,
                DeployedBuild(workspacePath: site.endpoints.workspacePath).command == DeployedBuild.commandKey(run.message)
            {
                run.pipeline.noteAlreadyDeployed()
                run.logger.info("The last completed deploy is command \(run.message.commandId)'s; not deploying again")
            }
        } catch {
            return .finished(.failed("Workspace preparation failed: \(error)"))
        }
        spent += timing.duration(of: .switchBranch)
        return .waiting(until: now + spent, interruptible: false, outcome: .succeeded)
    }
}

extension BranchSource {
    var logDescription: String {
        switch self {
        case .local: "local branch"
        case .remote: "from the remote branch"
        case .newFrom(let base): "new from \(base)"
        }
    }
}
