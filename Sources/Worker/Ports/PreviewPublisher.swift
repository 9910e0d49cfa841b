import SimKernel

/// A build the container can show as a thread's preview.
public struct PreviewBuild: Hashable, Sendable {
    public var siteKey: String
    public var chatThreadId: String
    public var commandId: String
    /// `dist/` of the workspace, holding the build.
    public var distDirectory: String
    /// Paths relative to `dist/`.
    public var files: [String]
    public var at: Instant

    public init(siteKey: String, chatThreadId: String, commandId: String, distDirectory: String, files: [String], at: Instant) {
        self.siteKey = siteKey
        self.chatThreadId = chatThreadId
        self.commandId = commandId
        self.distDirectory = distDirectory
        self.files = files
        self.at = at
    }
}

/// Where the container serves previews from (`/session/{chatThreadId}/` behind the load balancer) and
/// tells live-reload subscribers that a thread was rebuilt.
public protocol PreviewPublisher: AnyObject {
    func publish(_ build: PreviewBuild)
}
