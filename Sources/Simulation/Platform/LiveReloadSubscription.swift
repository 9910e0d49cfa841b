import AWSPorts
import SimKernel

/// The server side of a live-reload WebSocket (`/session/{chatThreadId}/_hmr`), in process: what the
/// container sent on it, with the simulated instant. Real sockets come with the HTTP front; the messages
/// are the same.
public final class LiveReloadSubscription: UpgradedConnection {
    public let chatThreadId: String
    /// The container that accepted the upgrade.
    public let containerId: String
    public private(set) var deliveries: [(at: Instant, text: String)] = []
    public private(set) var isOpen = true
    /// Called with each message as it is sent (a real socket forwards it to its client).
    public var onDeliver: ((String) -> Void)?
    /// Called once when the container closes the socket.
    public var onClose: (() -> Void)?

    init(chatThreadId: String, containerId: String) {
        self.chatThreadId = chatThreadId
        self.containerId = containerId
    }

    public var received: [String] { deliveries.map(\.text) }

    func deliver(_ text: String, at instant: Instant) {
        guard isOpen else { return }
        deliveries.append((instant, text))
        onDeliver?(text)
    }

    /// The container went away: the socket closes (a client reconnects to the next one).
    func close() {
        guard isOpen else { return }
        isOpen = false
        onClose?()
    }

    /// The client closed its socket: nothing more is sent, and the preview server forgets it.
    public func clientClosed() {
        isOpen = false
        onDeliver = nil
        onClose = nil
    }
}
