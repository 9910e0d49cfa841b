import AWSSim
import Foundation
import GitWorkspace
import SimKernel
import Worker

/// What the checkers read after a run: the simulated account, the world's remotes and workspaces, the
/// ledgers the simulation kept, the workload's record of what it sent, and the log group.
public struct RunEvidence {
    public let run: SimulationRun
    public let driver: WorkloadDriver
    public let collector: ResponseCollector
    public var timeline: LogTimeline

    public var world: World { run.world }

    func site(_ name: String) -> WorldSite? {
        let parts = name.split(separator: "/").map(String.init)
        return world.worldSite(clientId: parts[0], projectId: parts.count > 1 ? parts[1] : nil)
    }

    func site(key: String) -> WorldSite? { world.sites.first { $0.seed.siteKey == key } }

    func site(workspace path: String) -> WorldSite? { world.sites.first { $0.endpoints.workspacePath == path } }

    func remote(_ site: WorldSite) -> BareRemote? { try? world.remote(for: site) }

    func workspace(_ site: WorldSite) -> GitRepository? {
        try? LibGit2Repositories().openRepository(at: site.endpoints.workspacePath)
    }

    /// Whether the commit is on a branch of the site's remote or of its workspace.
    func isKept(_ commit: String, site: WorldSite) -> Bool {
        if (try? remote(site)?.contains(commit: commit)) == true { return true }
        return (try? workspace(site)?.branchesContain(commit: commit)) == true
    }

    /// The paths users know, for messages.
    func display(_ path: String) -> String { run.scrubber.scrub(path) }
}
