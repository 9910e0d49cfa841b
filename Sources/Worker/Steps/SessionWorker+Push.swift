import Foundation
import Logging
import SimKernel

/// Step 8: push. The session's branch first, then every other branch of the workspace holding commits the
/// remote lacks (an earlier push failed): unpushed commits are never left behind.
extension SessionWorker {
    func startPush(_ run: CommandRun, on site: ClaimedSite) -> StepProgress {
        run.logger.info("Pushing \(run.branch) to origin")
        return .waiting(until: now + timing.duration(of: .push), interruptible: false, outcome: nil)
    }

    /// The push lands on the remote when its modelled time is over.
    func finishPush(_ run: CommandRun, on site: ClaimedSite) -> CommandPipeline.Outcome {
        guard let repository = site.repository else { return .failed("no workspace") }
        let outcome: CommandPipeline.Outcome
        do {
            let result = try repository.push(branch: run.branch, committer: .container, at: now)
            if result == .pushedAfterMerge {
                run.logger.warning("The remote \(run.branch) had moved on: merged it, keeping local changes")
            }
            run.logger.info("\(LogLine.pushComplete)")
            outcome = .succeeded
        } catch {
            run.logger.error("\(LogLine.pushFailed): \(error.message)")
            site.pushDue = now + configuration.repairInterval
            return .failed(error.message)
        }
        _ = pushUnpushed(site, logger: run.logger)
        return outcome
    }

    /// Pushes every branch holding commits the remote lacks. Returns whether none is left; when some are,
    /// another try is scheduled.
    @discardableResult
    func pushUnpushed(_ site: ClaimedSite, logger: Logger) -> Bool {
        guard let repository = site.repository else {
            site.pushDue = nil
            return true
        }
        do {
            let branches = try repository.unpushedBranches()
            guard !branches.isEmpty else {
                site.pushDue = nil
                return true
            }
            try resetRemoteURL(repository, site: site, logger: logger)
            var failed: [String] = []
            for branch in branches {
                do {
                    _ = try repository.push(branch: branch, committer: .container, at: now)
                    logger.info("Pushed \(branch), which held unpushed commits")
                } catch {
                    logger.warning("Could not push \(branch), which holds unpushed commits: \(error.message)")
                    failed.append(branch)
                }
            }
            site.pushDue = failed.isEmpty ? nil : now + configuration.repairInterval
            return failed.isEmpty
        } catch {
            logger.warning("Could not list the unpushed branches: \(error.message)")
            site.pushDue = now + configuration.repairInterval
            return false
        }
    }

    /// Ready: unpushed commits are pushed again every `repairInterval` until they are on the remote.
    func pushIfDue(_ site: ClaimedSite) {
        guard let due = site.pushDue, now >= due else { return }
        pushUnpushed(site, logger: logger)
    }
}
