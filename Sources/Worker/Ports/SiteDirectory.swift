import Messages
/// Where a site's resources are.
public struct SiteEndpoints: Hashable, Sendable {
    public var clientId: String
    public var projectId: String
    public var inputQueueURL: String
    public var outputQueueURL: String
    public var deadLetterQueueURL: String
    /// `edit.{clientId}.webordinary.com`
    public var bucket: String
    /// The site's configured git remote; the worker resets `origin` to it if it changed.
    public var remoteURL: String
    /// `/workspace/{clientId}/{projectId}/project` on the persistent volume.
    public var workspacePath: String
    /// The host previews are served from, e.g. `edit.amelia.webordinary.com`.
    public var previewHost: String

    public init(
        clientId: String, projectId: String, inputQueueURL: String, outputQueueURL: String, deadLetterQueueURL: String,
        bucket: String, remoteURL: String, workspacePath: String, previewHost: String
    ) {
        self.clientId = clientId
        self.projectId = projectId
        self.inputQueueURL = inputQueueURL
        self.outputQueueURL = outputQueueURL
        self.deadLetterQueueURL = deadLetterQueueURL
        self.bucket = bucket
        self.remoteURL = remoteURL
        self.workspacePath = workspacePath
        self.previewHost = previewHost
    }

    /// `{clientId}#{projectId}`, the ownership table's key.
    public var siteKey: String { SiteKey(clientId: clientId, projectId: projectId).description }

    /// The preview of a thread's latest build, through the load balancer's session router.
    public func previewURL(chatThreadId: String) -> String { "https://\(previewHost)/session/\(chatThreadId)/" }
}

/// Looks up the sites a worker may claim.
public protocol SiteDirectory {
    func endpoints(clientId: String, projectId: String) -> SiteEndpoints?
}
