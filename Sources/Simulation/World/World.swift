import Foundation
import GitWorkspace
import Messages
import SimKernel
import Worker

/// The world of a run: the seed set's sites with their queues, bucket, remote and workspace, and the shared
/// resources. Built once by `WorldBuilder`; the simulation owns every path in it.
public final class World: SiteDirectory {
    public let seedSet: SeedSet
    public let runDirectory: URL
    public let sites: [WorldSite]
    public let unclaimedQueueURL: String
    /// `https://github.com/webordinary/...` to the run's bare repositories.
    public let rewrites: RemoteURLRewrites

    init(seedSet: SeedSet, runDirectory: URL, sites: [WorldSite], unclaimedQueueURL: String, rewrites: RemoteURLRewrites) {
        self.seedSet = seedSet
        self.runDirectory = runDirectory
        self.sites = sites
        self.unclaimedQueueURL = unclaimedQueueURL
        self.rewrites = rewrites
    }

    public func endpoints(clientId: String, projectId: String) -> SiteEndpoints? {
        sites.first { $0.seedSite.clientId == clientId && $0.seedSite.projectId == projectId }?.endpoints
    }

    public func worldSite(named name: SiteName) -> WorldSite? { worldSite(clientId: name.clientId, projectId: name.projectId) }

    /// The site of `clientId` (its only site when `projectId` is nil).
    public func worldSite(clientId: String, projectId: String? = nil) -> WorldSite? {
        sites.first { $0.seedSite.clientId == clientId && (projectId == nil || $0.seedSite.projectId == projectId) }
    }

    public func remote(for site: WorldSite) throws(RepositoryError) -> BareRemote {
        try BareRemote.open(at: site.remotePath)
    }

    /// The persistent volume's root (SPEC's `/workspace`).
    public var volumeDirectory: URL { runDirectory.appendingPathComponent("efs") }
}
