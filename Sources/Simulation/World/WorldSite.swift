import Foundation
import GitWorkspace
import Messages
import SimKernel
import Worker

/// A site as the simulation built it.
public struct WorldSite {
    public var seedSite: SeedSite
    public var endpoints: SiteEndpoints
    /// The bare repository standing in for the site's GitHub remote.
    public var remotePath: String
}
