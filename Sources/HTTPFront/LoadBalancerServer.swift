import AWSPorts
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdWebSocket
import Logging
import NIOCore

/// The simulated application load balancer on a real socket (`wsim serve --live`, default port 8080): every
/// request goes through its rules (`/api/*` and `/hermes/*` to Hermes, `/session/{chatThreadId}/...` to the
/// preview of the container serving the thread), and a WebSocket upgrade on `/session/{chatThreadId}/_hmr`
/// carries what the container sends (`reload` after each build of the thread).
struct LoadBalancerServer {
    let host: ServeHost
    let bindHost: String
    let port: Int

    func application(onReady: @escaping @Sendable (Int) async -> Void) -> some ApplicationProtocol {
        let host = self.host
        let responder = CallbackResponder<BasicRequestContext> { request, _ in
            await Self.respond(request, host: host)
        }
        var logger = Logger(label: "wsim.serve.alb")
        logger.logLevel = .warning
        return Application(
            responder: responder,
            server: .http1WebSocketUpgrade(configuration: .init(http1: .init(idleTimeout: .seconds(60)))) { head, _, _ in
                // Only a live-reload path is offered to the load balancer as an upgrade; any other upgrade request is
                // an ordinary request (asked once, by the responder).
                let path = head.path ?? "/"
                guard path.prefix { $0 != "?" }.hasSuffix("/_hmr"), LiveReloadScript.thread(ofPreviewPath: path) != nil,
                    let stream = await host.openLiveReload(Self.value(head, body: Data())) else { return .dontUpgrade }
                return .upgrade([:]) { inbound, outbound, _ in
                    try await withThrowingTaskGroup(of: Void.self) { group in
                        group.addTask {
                            for await text in stream { try await outbound.write(.text(text)) }
                        }
                        group.addTask {
                            // Until the client closes its side.
                            for try await _ in inbound {}
                        }
                        _ = try await group.next()
                        group.cancelAll()
                    }
                }
            },
            configuration: .init(address: .hostname(bindHost, port: port), serverName: "wsim-alb"),
            onServerRunning: { channel in await onReady(channel.localAddress?.port ?? 0) },
            logger: logger)
    }

    static func respond(_ request: Request, host: ServeHost) async -> Response {
        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: WireFront.maximumBodyBytes)
        } catch {
            return Response(status: .contentTooLarge, headers: [.contentType: "text/plain"], body: ResponseBody(byteBuffer: ByteBuffer(string: "The request body is too large.\n")))
        }
        let answer = await host.loadBalancer(value(request.head, body: Data(buffer: body)))
        let isHTML = answer.header("content-type")?.lowercased().hasPrefix("text/html") ?? false
        if isHTML, request.method == .get, let thread = LiveReloadScript.thread(ofPreviewPath: request.head.path ?? "/") {
            return HummingbirdValues.response(answer, body: LiveReloadScript.inject(into: answer.body, thread: thread))
        }
        return HummingbirdValues.response(answer)
    }

    /// The load balancer's request value of an HTTP request head.
    static func value(_ head: HTTPTypes.HTTPRequest, body: Data) -> AWSPorts.HTTPRequest {
        AWSPorts.HTTPRequest(method: head.method.rawValue, path: head.path ?? "/", headers: HummingbirdValues.headers(of: head), body: body)
    }
}
