import AWSPorts
import Crypto
import Foundation
import SimKernel
import Worker

/// The preview server of one edit container: the latest build of each chat thread (copied when it is
/// published, so another thread's build does not change it), and the live-reload subscribers, who get
/// `reload` after each build of their thread. The session router forwards `/session/{chatThreadId}/...` here.
public final class PreviewServer: PreviewPublisher {
    public let containerId: String
    let clock: () -> Instant
    private var builds: [String: (build: PreviewBuild, files: [String: Data])] = [:]
    private var subscriptions: [LiveReloadSubscription] = []

    init(containerId: String, clock: @escaping () -> Instant) {
        self.containerId = containerId
        self.clock = clock
    }

    public func publish(_ build: PreviewBuild) {
        var files: [String: Data] = [:]
        for path in build.files {
            files[path] = FileManager.default.contents(atPath: build.distDirectory + "/" + path)
        }
        builds[build.chatThreadId] = (build, files)
        // Sockets their clients closed are forgotten (a browser opens a new one on every reload).
        subscriptions.removeAll { !$0.isOpen }
        for subscription in subscriptions where subscription.chatThreadId == build.chatThreadId {
            subscription.deliver("reload", at: clock())
        }
    }

    /// Whether the container has built the thread since it started.
    public func hasPreview(of chatThreadId: String) -> Bool { builds[chatThreadId] != nil }

    /// `rest` is the path after `/session/{chatThreadId}`: `/`, `/about/`, `/styles.css`, `/_hmr`.
    func handle(_ request: HTTPRequest, chatThreadId: String, rest: String) -> HTTPResponse {
        if rest == "/_hmr" {
            guard request.isWebSocketUpgrade else {
                return .text(426, "Upgrade Required: /_hmr takes a WebSocket upgrade", headers: ["upgrade": "websocket"])
            }
            let subscription = LiveReloadSubscription(chatThreadId: chatThreadId, containerId: containerId)
            subscriptions.append(subscription)
            return HTTPResponse(
                status: 101, headers: ["upgrade": "websocket", "connection": "Upgrade", "sec-websocket-accept": Self.accept(request)],
                upgraded: subscription)
        }
        guard request.method == "GET" || request.method == "HEAD" else {
            return .text(405, "The preview takes GET", headers: ["allow": "GET, HEAD"])
        }
        guard let entry = builds[chatThreadId] else {
            return .text(503, "The preview of \(chatThreadId) is being built", headers: ["retry-after": "5"])
        }
        for candidate in Self.candidates(for: rest) {
            if let data = entry.files[candidate] {
                return HTTPResponse(status: 200, headers: [
                    "content-type": ContentType.forPath(candidate), "x-preview-command": entry.build.commandId,
                ], body: request.method == "HEAD" ? Data() : data)
            }
        }
        if let page = entry.files["404.html"] {
            return HTTPResponse(status: 404, headers: ["content-type": "text/html"], body: page)
        }
        return .text(404, "Not Found: \(rest)")
    }

    /// `/` → `index.html`; `/about/` → `about/index.html`; `/about` → `about`, then `about/index.html`, then `about.html`.
    static func candidates(for rest: String) -> [String] {
        let path = String(rest.drop { $0 == "/" })
        if path.isEmpty { return ["index.html"] }
        if path.hasSuffix("/") { return [path + "index.html"] }
        return [path, path + "/index.html", path + ".html"]
    }

    /// The container stopped: its sockets close.
    func close() {
        for subscription in subscriptions { subscription.close() }
    }

    /// `Sec-WebSocket-Accept` (RFC 6455 section 4.2.2): base64 of the SHA-1 of the key and the protocol's GUID.
    static func accept(_ request: HTTPRequest) -> String {
        guard let key = request.header("sec-websocket-key") else { return "" }
        let digest = Insecure.SHA1.hash(data: Data((key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").utf8))
        return Data(digest).base64EncodedString()
    }
}
