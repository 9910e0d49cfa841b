import AWSPorts
import Foundation
import Logging
import SimKernel

extension SessionWorker {
    /// Starts a command (step 1 was `accept`).
    func begin(_ work: ReceivedWork, on site: ClaimedSite) -> WorkerWake {
        let run = CommandRun(work: work, logger: logger, at: now)
        run.logger.info("Processing command \(work.message.commandId) for session \(work.message.sessionId) on \(run.branch)")
        site.lastActivity = now
        phase = .busy(site, run)
        return .at(now)
    }

    /// Runs the command's next stage.
    func advance(_ run: CommandRun, on site: ClaimedSite) -> WorkerWake {
        switch run.stage {
        case .prepare:
            return prepare(run, on: site)
        case .switching(let until), .committing(let until), .pushing(let until):
            if now < until { return .at(until) }
            return finishTimedGitWork(run, on: site)
        case .claude(let task, let startedAt, let until):
            if now < until {
                if wakeReason == .messageVisible, checkInbox(run, on: site) { return .at(now) }
                return .messageOrAt(queueURL: site.endpoints.inputQueueURL, until)
            }
            return finishClaude(run, task: task, startedAt: startedAt, on: site)
        case .commit:
            return commit(run, on: site)
        case .startBuild:
            return startBuild(run, on: site)
        case .build(let task, _, let until):
            if now < until {
                if wakeReason == .messageVisible, checkInbox(run, on: site) { return .at(now) }
                return .messageOrAt(queueURL: site.endpoints.inputQueueURL, until)
            }
            return finishBuild(run, task: task, on: site)
        case .deploy(let plan):
            return deployStep(run, plan: plan, on: site)
        case .push:
            return push(run, on: site)
        case .respond:
            return respond(run, on: site)
        case .stopping(let until):
            if now < until { return .at(until) }
            return commitInterruptedWork(run, on: site)
        }
    }

    /// Steps 2 and 3: recover the workspace, then switch to the thread's branch.
    func prepare(_ run: CommandRun, on site: ClaimedSite) -> WorkerWake {
        var spent = Duration.zero
        do {
            let repository = try openWorkspace(site, logger: run.logger, spent: &spent)
            try switchBranch(run, repository: repository, on: site, spent: &spent)
        } catch {
            return retryOrGiveUp(run, on: site, reason: "Workspace preparation failed: \(error)")
        }
        run.stage = .switching(until: now + spent)
        return .at(now + spent)
    }

    /// The site's repository, cloned if missing, recovered if in a bad state, with `origin` reset to the
    /// configured remote, fetched.
    func openWorkspace(_ site: ClaimedSite, logger: Logger, spent: inout Duration) throws(RepositoryError) -> WorkspaceRepository {
        let endpoints = site.endpoints
        if let repository = site.repository { return try check(repository, site: site, logger: logger, spent: &spent) }
        if let existing = try ports.repositories.open(at: endpoints.workspacePath) {
            site.repository = existing
            return try check(existing, site: site, logger: logger, spent: &spent)
        }
        logger.info("No workspace for \(endpoints.clientId)/\(endpoints.projectId) on the volume; cloning \(endpoints.remoteURL)")
        let cloned = try ports.repositories.clone(from: endpoints.remoteURL, to: endpoints.workspacePath)
        spent += ports.timing.duration(of: .recover)
        site.repository = cloned
        return cloned
    }

    private func check(_ repository: WorkspaceRepository, site: ClaimedSite, logger: Logger, spent: inout Duration) throws(RepositoryError) -> WorkspaceRepository {
        let fallback = site.lastBranch ?? "main"
        let fixed = try repository.recover(onto: fallback)
        if !fixed.isEmpty {
            spent += ports.timing.duration(of: .recover)
            let branch = try repository.currentBranch() ?? fallback
            logger.warning("Recovered the workspace: \(fixed.map(\.rawValue).joined(separator: ", ")); now on \(branch)")
        }
        if let url = try repository.remoteURL(), url != site.endpoints.remoteURL {
            try repository.setRemoteURL(site.endpoints.remoteURL)
            logger.warning("Reset the remote URL from \(url) to \(site.endpoints.remoteURL)")
        } else if try repository.remoteURL() == nil {
            try repository.setRemoteURL(site.endpoints.remoteURL)
        }
        do {
            try repository.fetch()
        } catch {
            // Working offline is still possible: local branches and the push's own retry cover it.
            logger.warning("Git fetch failed: \(error.message)")
        }
        return repository
    }

    /// Commits a dirty tree on the branch it belongs to, then checks out the thread's branch: local, else
    /// the remote's, else new from `main`. Never stashes.
    func switchBranch(_ run: CommandRun, repository: WorkspaceRepository, on site: ClaimedSite, spent: inout Duration) throws(RepositoryError) {
        let current = try repository.currentBranch()
        if current != run.branch {
            if !(try repository.changedPaths()).isEmpty {
                let owner = site.lastSessionId ?? run.message.sessionId
                let message = CommitMessage.switching(from: owner) + "\n\nSession: \(owner)\nTime: \(now.iso8601Seconds)\n"
                let sha = try repository.commitAll(message: message, author: .container, at: now)
                spent += ports.timing.duration(of: .commit)
                run.logger.info("Committed uncommitted changes on \(current ?? "HEAD") before switching: \(sha ?? "nothing")")
            }
            let source: BranchSource
            if try repository.branchExists(run.branch, onRemote: false) {
                source = .local
            } else if try repository.branchExists(run.branch, onRemote: true) {
                source = .remote
            } else {
                source = .newFrom("main")
            }
            try repository.checkout(branch: run.branch, source: source)
            run.logger.info("Switched to \(run.branch) (\(source.logDescription))")
        } else {
            run.logger.info("Already on \(run.branch)")
        }
        spent += ports.timing.duration(of: .switchBranch)
        site.lastBranch = run.branch
        site.lastSessionId = run.message.sessionId
    }

    /// The end of modelled git time: moves to the stage after it.
    func finishTimedGitWork(_ run: CommandRun, on site: ClaimedSite) -> WorkerWake {
        switch run.stage {
        case .switching:
            run.finishStep("switch", at: now)
            return startClaude(run, on: site)
        case .committing:
            run.stageStartedAt = now
            run.stage = run.interrupted ? .push : .startBuild
            return .at(now)
        case .pushing:
            finishPush(run, on: site)
            run.finishStep("push", at: now)
            run.stage = .respond
            return .at(now)
        default:
            return .at(now)
        }
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
