import AWSPorts
import AWSSim
import Foundation
import SimKernel

/// The `/session/{chatThreadId}/...` target (SPEC section 6): finds the session of the thread in
/// `webordinary-edit-sessions`, then the edit container that owns its site, and forwards to that container's
/// preview server. Unknown thread: 404 `Session Not Found`. No container serving the site yet (cold, starting,
/// or still building the thread): 503 with `Retry-After: 5`, and the site is woken as Hermes's
/// resume-preview does.
public final class SessionRouter: HTTPHandler {
    unowned let run: SimulationRun
    /// Wakes a site that has no container (the platform sends the claim request and scales up).
    var wake: ((String) -> Void)?

    init(run: SimulationRun) {
        self.run = run
    }

    public func handle(_ request: HTTPRequest) -> HTTPResponse {
        let parts = request.pathOnly.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        // "", "session", thread, rest...
        guard parts.count >= 3, parts[1] == "session", !parts[2].isEmpty else {
            return Self.notFound("No session in \(request.pathOnly)")
        }
        let thread = parts[2]
        var rest = "/" + parts.dropFirst(3).joined(separator: "/")
        if parts.count == 3 { rest = "/" }
        guard let session = sessionRow(thread: thread), let client = session["clientId"]?.stringValue else {
            return Self.notFound("Session Not Found: no session has the chat thread \(thread)")
        }
        let project = session["projectId"]?.stringValue
        guard let site = run.world.worldSite(clientId: client, projectId: project) else {
            return Self.notFound("Session Not Found: the site of \(thread) is not served here")
        }
        guard let host = run.fleet.host(serving: site.seedSite.siteKey), let previews = host.previews else {
            wake?(site.seedSite.siteKey)
            return Self.starting("The editor for \(client) is starting")
        }
        if rest != "/_hmr" && !previews.hasPreview(of: thread) {
            return Self.starting("The preview of \(thread) is being built")
        }
        return previews.handle(request, chatThreadId: thread, rest: rest)
    }

    func sessionRow(thread: String) -> DynamoDBItem? {
        let page = run.aws.latency.withCaller(Caller.sessionRouter.name) {
            try? run.aws.dynamodb.scan(ScanRequest(
                tableName: WorldNames.sessionsTable, filterExpression: "chatThreadId = :thread",
                expression: ExpressionParameters(values: [":thread": .s(thread)])))
        }
        _ = run.aws.latency.take(for: Caller.sessionRouter.name)
        return page?.items.min { ($0["createdAt"]?.numberValue ?? "") < ($1["createdAt"]?.numberValue ?? "") }
    }

    static func notFound(_ message: String) -> HTTPResponse {
        .text(404, "<!doctype html><title>Session Not Found</title><h1>Session Not Found</h1><p>\(message)</p>\n", contentType: "text/html")
    }

    static func starting(_ message: String) -> HTTPResponse {
        .text(503, "<!doctype html><title>Starting</title><h1>Starting</h1><p>\(message); retry in 5 seconds.</p>\n",
              contentType: "text/html", headers: ["retry-after": "5"])
    }
}
