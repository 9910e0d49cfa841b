import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore

/// `wsim serve`'s listener: HTTP/1.1 on a loopback port (Hummingbird), every request handed whole to the
/// `ServeHost`. A body over the limit is refused with 413 before it is read; idle connections are closed
/// after a minute, so slow or half-closed clients cannot pile up.
public struct WireServer {
    public let host: ServeHost
    public let bindHost: String
    public let port: Int

    /// The load balancer's port when the pipeline runs live (0 picks a free one).
    public let loadBalancerPort: Int?

    public init(host: ServeHost, bindHost: String, port: Int, loadBalancerPort: Int? = nil) {
        self.host = host
        self.bindHost = bindHost
        self.port = port
        self.loadBalancerPort = loadBalancerPort
    }

    /// Serves until the task is cancelled or the process gets SIGINT/SIGTERM. `onReady` gets the bound ports
    /// (the real ones when a port is 0): the AWS port, and the load balancer's when it listens, once both are up.
    public func run(clockTicks: Bool, onReady: @escaping @Sendable (Int, Int?) async -> Void) async throws {
        let host = self.host
        let responder = CallbackResponder<BasicRequestContext> { request, _ in
            await Self.respond(request, host: host)
        }
        var logger = Logger(label: "wsim.serve")
        logger.logLevel = .warning
        let ready = ReadyPorts(expectsLoadBalancer: loadBalancerPort != nil, onReady: onReady)
        let app = Application(
            responder: responder,
            server: .http1(configuration: .init(additionalChannelHandlers: [Expect100ContinueHandler()], idleTimeout: .seconds(60))),
            configuration: .init(address: .hostname(bindHost, port: port), serverName: "wsim"),
            onServerRunning: { channel in await ready.set(aws: channel.localAddress?.port ?? 0) },
            logger: logger)
        let ticker = clockTicks ? Task {
            while !Task.isCancelled {
                try? await Task.sleep(nanoseconds: 10_000_000)
                await host.tick()
            }
        } : nil
        defer { ticker?.cancel() }
        // On SIGTERM or SIGINT, parked long polls answer at once: the graceful shutdown waits for requests in
        // flight, and a poll on the manual clock would otherwise never end. (Hummingbird's own handlers for the
        // same signals stop the server; Dispatch delivers a signal to every source.)
        let signals = [SIGTERM, SIGINT].map { number in
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { Task { await host.beginShutdown() } }
            source.resume()
            return source
        }
        defer { signals.forEach { $0.cancel() } }
        do {
            if let loadBalancerPort {
                let balancer = LoadBalancerServer(host: host, bindHost: bindHost, port: loadBalancerPort)
                    .application { port in await ready.set(loadBalancer: port) }
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask { try await app.runService() }
                    group.addTask { try await balancer.runService() }
                    try await group.waitForAll()
                }
            } else {
                try await app.runService()
            }
        } catch {
            // A port already taken, say: the databases are still checkpointed and the folder sealed.
            ticker?.cancel()
            await host.shutdown()
            throw error
        }
        ticker?.cancel()
        await host.shutdown()
    }

    static func respond(_ request: Request, host: ServeHost) async -> Response {
        let body: ByteBuffer
        do {
            // S3 uploads may be larger than a JSON request; SDKs switch to multipart uploads above 8 MiB.
            let limit = request.headers[HTTPField.Name("X-Amz-Target")!] == nil ? WireFront.maximumUploadBytes : WireFront.maximumBodyBytes
            body = try await request.body.collect(upTo: limit)
        } catch {
            // In the shape the client's protocol reads: JSON for an X-Amz-Target request, XML otherwise.
            let message = "The request body is larger than \(WireFront.maximumBodyBytes) bytes (\(WireFront.maximumUploadBytes) for S3)."
            if let target = request.headers[HTTPField.Name("X-Amz-Target")!] {
                let type = target.hasPrefix("AmazonSQS") || target.hasPrefix("DynamoDB") ? "application/x-amz-json-1.0" : "application/x-amz-json-1.1"
                return Response(
                    status: .contentTooLarge, headers: [.contentType: type],
                    body: ResponseBody(byteBuffer: ByteBuffer(string: #"{"__type":"RequestEntityTooLarge","message":"\#(message)"}"#)))
            }
            return Response(
                status: .contentTooLarge, headers: [.contentType: "application/xml"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: "<Error><Code>RequestEntityTooLarge</Code><Message>\(message)</Message></Error>")))
        }
        let wire = WireRequest(
            method: request.method.rawValue, target: request.head.path ?? "/", headers: HummingbirdValues.headers(of: request.head),
            body: Data(buffer: body))
        return HummingbirdValues.response(await host.handle(wire))
    }
}


/// Reports the bound ports once every listener is up.
private actor ReadyPorts {
    let expectsLoadBalancer: Bool
    let onReady: @Sendable (Int, Int?) async -> Void
    private var aws: Int?
    private var loadBalancer: Int?

    init(expectsLoadBalancer: Bool, onReady: @escaping @Sendable (Int, Int?) async -> Void) {
        self.expectsLoadBalancer = expectsLoadBalancer
        self.onReady = onReady
    }

    func set(aws port: Int) async {
        aws = port
        await reportIfReady()
    }

    func set(loadBalancer port: Int) async {
        loadBalancer = port
        await reportIfReady()
    }

    private func reportIfReady() async {
        guard let aws, !expectsLoadBalancer || loadBalancer != nil else { return }
        await onReady(aws, loadBalancer)
    }
}
