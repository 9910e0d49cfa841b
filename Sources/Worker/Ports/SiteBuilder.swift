import SimKernel

public enum BuildResult: Hashable, Sendable {
    /// `dist/` holds the built site; paths relative to it, sorted.
    case success(files: [String])
    case failure(reason: String)
    /// Stopped part-way: `dist/` holds a partial build that must not be deployed.
    case interrupted
}

/// One build in progress, `duration` long in simulated time.
public protocol BuildTask: AnyObject {
    var duration: Duration { get }
    func complete() -> BuildResult
    func interrupt(after elapsed: Duration) -> BuildResult
}

/// `npm run build`: the site's sources into `dist/`.
public protocol SiteBuilder {
    func start(workspace: String, at instant: Instant) -> BuildTask
}
