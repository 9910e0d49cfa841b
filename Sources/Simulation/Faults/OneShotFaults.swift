import Foundation
import GitWorkspace
import SimKernel

/// Carries out the faults that happen once, at their `startAfter`: a corrupted workspace, a changed remote
/// URL, a crashed container. Each is recorded in the trace, also when there was nothing to do it to.
enum OneShotFaults {
    /// The file the conflicting commits of a corruption touch: not part of the site's pages.
    static let conflictFile = "NOTES.md"

    static func apply(_ rule: FaultRule, site: WorldSite?, run: SimulationRun, injector: FaultInjector, host: WorkerHost? = nil) {
        guard injector.enabled else { return }
        switch rule.effect {
        case .corrupt(let state, _):
            let target = site ?? run.world.sites.first
            guard let target, let repository = try? LibGit2Repositories().openRepository(at: target.endpoints.workspacePath) else {
                injector.recordOneShot(rule, ["state": state.rawValue, "skipped": "no workspace yet"])
                return
            }
            let now = run.scheduler.now
            do {
                switch state {
                case .mergeInProgress: try GitStateFaults.startConflictingMerge(in: repository, file: conflictFile, at: now)
                case .rebaseInProgress: try GitStateFaults.startConflictingRebase(in: repository, file: conflictFile, at: now)
                case .cherryPickInProgress: try GitStateFaults.startConflictingCherryPick(in: repository, file: conflictFile, at: now)
                case .staleIndexLock: try GitStateFaults.leaveStaleIndexLock(in: repository)
                case .detachedHead: try GitStateFaults.detachHead(in: repository, commitOnTop: conflictFile, at: now)
                }
                injector.recordOneShot(rule, ["state": state.rawValue, "site": target.seedSite.siteKey])
            } catch {
                injector.recordOneShot(rule, ["state": state.rawValue, "failed": run.scrubber.scrub(error.message)])
            }
        case .remoteURL(let url):
            let target = site ?? run.world.sites.first
            guard let target, let repository = try? LibGit2Repositories().openRepository(at: target.endpoints.workspacePath) else {
                injector.recordOneShot(rule, ["url": url, "skipped": "no workspace yet"])
                return
            }
            try? repository.setRemoteURL(url)
            injector.recordOneShot(rule, ["url": url, "site": target.seedSite.siteKey])
        case .crash(let exitCode, let duringCommand, _):
            if let host {
                let task = run.fleet.crash(host, exitCode: exitCode)
                injector.recordOneShot(rule, ["exitCode": String(exitCode), "task": task.map { String($0.split(separator: "/").last ?? "") } ?? host.containerId])
                return
            }
            if duringCommand && !run.fleet.isBusy(serving: site?.seedSite.siteKey) {
                // Not in a command yet: look again in a second (until the faults are switched off).
                run.scheduler.schedule(after: .seconds(1), "fault \(rule.label)") { apply(rule, site: site, run: run, injector: injector) }
                return
            }
            let task = run.fleet.crash(serving: site?.seedSite.siteKey, exitCode: exitCode)
            injector.recordOneShot(rule, ["exitCode": String(exitCode), "task": task.map { String($0.split(separator: "/").last ?? "") } ?? "none running"])
        default:
            break
        }
    }
}
