import AWSSim
import Foundation
import Messages
import GitWorkspace
import SimKernel
import Worker

/// What the checkers read after a run: the simulated account, the world's remotes and workspaces, the
/// ledgers the simulation kept, the workload's record of what it sent, and the log group. Reads that fail
/// throw: a checker that cannot read its evidence fails, it never passes by default.
public struct RunEvidence {
    public let run: SimulationRun
    public let driver: WorkloadDriver
    public let collector: ResponseCollector
    public var timeline: LogTimeline
    /// Faults injected by the end of the main phase (the `faultsInjected` check reads it).
    public var faultsInjected = 0

    public var world: World { run.world }

    func site(_ name: String) -> WorldSite? {
        world.worldSite(named: SiteName(name))
    }

    func site(key: String) -> WorldSite? { world.sites.first { $0.seedSite.siteKey == key } }

    func site(workspace path: String) -> WorldSite? { world.sites.first { $0.endpoints.workspacePath == path } }

    func remote(_ site: WorldSite) -> BareRemote? { try? world.remote(for: site) }

    /// The site's remote; a failure names the site.
    func openRemote(_ site: WorldSite) throws -> BareRemote {
        do {
            return try world.remote(for: site)
        } catch {
            throw EvidenceError("the remote of \(site.seedSite.clientId)/\(site.seedSite.projectId) cannot be opened: \(error)")
        }
    }

    func workspace(_ site: WorldSite) -> GitRepository? {
        try? LibGit2Repositories().openRepository(at: site.endpoints.workspacePath)
    }

    /// The messages in the site's DLQ, each with what its body says.
    func deadLetters(_ site: WorldSite) throws -> [MessageOnQueue] {
        do {
            return try run.aws.sqs.peekMessages(queueUrl: site.endpoints.deadLetterQueueURL).map(MessageOnQueue.init)
        } catch {
            throw EvidenceError("the DLQ of \(site.seedSite.clientId)/\(site.seedSite.projectId) cannot be read: \(error)")
        }
    }

    /// The messages still on the site's input queue, visible or not.
    func inputMessages(_ site: WorldSite) throws -> [MessageOnQueue] {
        do {
            return try run.aws.sqs.peekMessages(queueUrl: site.endpoints.inputQueueURL).map(MessageOnQueue.init)
        } catch {
            throw EvidenceError("the input queue of \(site.seedSite.clientId)/\(site.seedSite.projectId) cannot be read: \(error)")
        }
    }

    /// Each command the workload sent, once (its first send), in send order.
    var commands: [WorkloadDriver.SentCommand] {
        var seen: Set<String> = []
        return driver.sent.filter { seen.insert("\($0.sessionId) \($0.commandId)").inserted }
    }

    /// The answers to a command, by session and command id (command ids are unique only within a session),
    /// not counting the error answers to refused messages.
    func answers(to command: WorkloadDriver.SentCommand) -> [ResponseCollector.Response] {
        collector.responses.filter {
            // A response that does not decode still counts as an answer (the checkers then judge what it says).
            $0.commandId == command.commandId && ($0.work?.sessionId ?? $0.fields["sessionId"]?.stringValue) == command.sessionId
                && !(($0.work?.error ?? $0.fields["error"]?.stringValue)?.hasPrefix("Invalid message") ?? false)
        }
    }

    /// The paths users know, for messages.
    func display(_ path: String) -> String { run.scrubber.scrub(path) }
}
