import Foundation
import Logging
import SimKernel

/// Step 2, and the same check when a site is claimed and when it goes idle (SPEC: workspace health).
extension SessionWorker {
    /// Step 2: the site's repository, cloned if missing, recovered if in a bad state, with `origin` reset to
    /// the configured remote, fetched.
    func recover(_ run: CommandRun, on site: ClaimedSite) -> StepProgress {
        var spent = Duration.zero
        do {
            _ = try openWorkspace(site, logger: run.logger, spent: &spent, cloneIfMissing: true)
        } catch {
            return .finished(.failed("Workspace preparation failed: \(error)"))
        }
        return .waiting(until: now + spent, interruptible: false, outcome: .succeeded)
    }

    /// The site's repository, cloned if missing (when asked), recovered if in a bad state, with `origin`
    /// reset to the configured remote, fetched. Nil when there is none and it was not to be cloned.
    @discardableResult
    func openWorkspace(_ site: ClaimedSite, logger: Logger, spent: inout Duration, cloneIfMissing: Bool) throws(RepositoryError) -> WorkspaceRepository? {
        let endpoints = site.endpoints
        if let repository = site.repository { return try check(repository, site: site, logger: logger, spent: &spent) }
        if let existing = try repositories.open(at: endpoints.workspacePath) {
            site.repository = existing
            return try check(existing, site: site, logger: logger, spent: &spent)
        }
        guard cloneIfMissing else { return nil }
        logger.info("No workspace for \(endpoints.clientId)/\(endpoints.projectId) on the volume; cloning \(endpoints.remoteURL)")
        let cloned = try repositories.clone(from: endpoints.remoteURL, to: endpoints.workspacePath)
        spent += timing.duration(of: .recover)
        site.repository = cloned
        return cloned
    }

    private func check(_ repository: WorkspaceRepository, site: ClaimedSite, logger: Logger, spent: inout Duration) throws(RepositoryError) -> WorkspaceRepository {
        // A detached HEAD goes back to the branch of the command that last worked here.
        let fallback = (try? repository.owner())?.branch ?? "main"
        let fixed = try repository.recover(onto: fallback)
        if !fixed.isEmpty {
            spent += timing.duration(of: .recover)
            let branch = try repository.currentBranch() ?? fallback
            logger.warning("Recovered the workspace: \(fixed.map(\.rawValue).joined(separator: ", ")); now on \(branch)")
        }
        try resetRemoteURL(repository, site: site, logger: logger)
        do {
            try repository.fetch()
        } catch {
            // Working offline is still possible: local branches and the push's own recovery cover it.
            logger.warning("Git fetch failed: \(error.message)")
        }
        return repository
    }

    func resetRemoteURL(_ repository: WorkspaceRepository, site: ClaimedSite, logger: Logger) throws(RepositoryError) {
        if let url = try repository.remoteURL() {
            guard url != site.endpoints.remoteURL else { return }
            try repository.setRemoteURL(site.endpoints.remoteURL)
            logger.warning("Reset the remote URL from \(url) to \(site.endpoints.remoteURL)")
        } else {
            try repository.setRemoteURL(site.endpoints.remoteURL)
        }
    }

    /// When a site is claimed and when it goes idle: repair a workspace left broken (it is not cloned here;
    /// the first command does that), push commits left unpushed, and put back a bucket left half-synced.
    func checkHealth(of site: ClaimedSite, logger: Logger) {
        var spent = Duration.zero
        do {
            try openWorkspace(site, logger: logger, spent: &spent, cloneIfMissing: false)
        } catch {
            logger.warning("The workspace check failed: \(error)")
        }
        _ = pushUnpushed(site, logger: logger)
        if DeployedBuild(workspacePath: site.endpoints.workspacePath).isPending { _ = restoreBucket(site, logger: logger) }
    }
}
