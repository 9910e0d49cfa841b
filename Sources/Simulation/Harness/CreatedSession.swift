import AWSPorts
import AWSSim
import Foundation
import Messages
import SimKernel

/// A session created through Hermes by a `createSession` step.
public struct CreatedSession: Sendable {
    public var name: String
    public var sessionId: String
    public var commandId: String
    public var chatThreadId: String
    public var previewUrl: String
    public var siteKey: String
    public var createdAt: Instant
    /// The first instant a live container owned the site, once seen, and that container.
    public var readyAt: Instant?
    public var readyContainerId: String?
    /// No live container owned the site when the session was created (a cold start for the site).
    public var cold: Bool

    var fields: [String: String] {
        ["sessionId": sessionId, "commandId": commandId, "chatThreadId": chatThreadId, "previewUrl": previewUrl,
         "previewPath": "/session/\(chatThreadId)/"]
    }
}
