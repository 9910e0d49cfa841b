import AWSPorts
import Foundation
import SimKernel
import Simulation
import Testing

/// The front of the system in process: Hermes woken by its first request, the session router, previews
/// and live reload, the autoscaler taking an idle service to 0, container rows, scale-in protection.
@Suite("Platform: Hermes, session router, previews, autoscaler")
struct PlatformTests {
    let world: AmeliaWorld

    init() throws {
        world = try AmeliaWorld()
        try world.run.installPlatform(autoscale: true)
    }

    var run: SimulationRun { world.run }

    /// Posts until Hermes has started (the load balancer answers 503 while it starts).
    func createSession(_ json: String) throws -> [String: JSONValue] {
        var response = run.request(.post("/api/sessions", json: json))
        let created = run.advance(atMost: .seconds(120)) {
            if response.status == 503 { response = run.request(.post("/api/sessions", json: json)) }
            return response.status != 503
        }
        #expect(created)
        #expect(response.status == 201, "\(response.bodyText)")
        return try #require((try JSONValue.parse(response.bodyText)).objectValue)
    }

    func editService() throws -> ECSService {
        try #require(try run.aws.ecs.describeServices(cluster: "webordinary-edit-cluster", services: ["webordinary-edit-service"]).services.first)
    }

    @Test func hermesWakesOnItsFirstRequestAndTheSessionIsServedThroughTheRouter() throws {
        let first = run.request(.get("/hermes/health"))
        #expect(first.status == 503, "no Hermes task yet")
        _ = try createSession(#"{"clientId":"test-client","userId":"test@example.com","chatThreadId":"p-1","instruction":"Add a new page called \"Test Page\""}"#)
        #expect(run.request(.get("/hermes/health")).status == 200)
        #expect(try editService().desiredCount == 1, "Hermes asked for an edit task")

        let starting = run.request(.get("/session/p-1/"))
        #expect(starting.status == 503 && starting.header("retry-after") == "5")
        #expect(run.request(.get("/session/unknown/")).bodyText.contains("Session Not Found"))

        let socket = run.request(HTTPRequest(method: "GET", path: "/session/p-1/_hmr", headers: [
            "connection": "Upgrade", "upgrade": "websocket", "sec-websocket-key": "dGhlIHNhbXBsZSBub25jZQ==",
        ]))
        let built = run.advance(atMost: .seconds(180)) { run.request(.get("/session/p-1/test-page/")).status == 200 }
        #expect(built)
        #expect(run.request(.get("/session/p-1/test-page/")).bodyText.contains("<h1>Test Page</h1>"))
        // The socket was opened before the container existed: the router answered 503 and nothing subscribed.
        #expect(socket.status == 503 && socket.upgraded == nil)

        let live = run.request(HTTPRequest(method: "GET", path: "/session/p-1/_hmr", headers: [
            "connection": "Upgrade", "upgrade": "websocket", "sec-websocket-key": "dGhlIHNhbXBsZSBub25jZQ==",
        ]))
        #expect(live.status == 101 && live.header("sec-websocket-accept") == "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=")
        let connection = try #require(live.upgraded)
        _ = try createSession(#"{"clientId":"test-client","userId":"test@example.com","chatThreadId":"p-1","instruction":"Update page title to \"Again\""}"#)
        let reloaded = run.advance(atMost: .seconds(120)) { connection.received.contains("reload") }
        #expect(reloaded, "a build of the thread sends reload")
        #expect(run.request(.get("/session/p-1/")).bodyText.contains("Again"))
    }

    @Test func anIdleServiceGoesBackToZeroAndItsContainerRowSaysStopped() throws {
        _ = try createSession(#"{"clientId":"test-client","userId":"u-1","chatThreadId":"p-2","instruction":"Add a new page called \"Idle\""}"#)
        let served = run.advance(atMost: .seconds(180)) { run.request(.get("/session/p-2/idle/")).status == 200 }
        #expect(served)
        let protected = try run.aws.database.eventLog(service: "ecs").filter { $0.operation == "UpdateTaskProtection" }
        #expect(protected.count == 1 && protected[0].keys.contains(#""protected":"true""#), "a container owning a site is protected from scale-in")
        func rows() -> [DynamoDBItem] { (try? run.aws.dynamodb.scan(ScanRequest(tableName: "webordinary-containers")).items) ?? [] }
        let idle = run.advance(atMost: .seconds(600)) {
            (try? editService().desiredCount) == 0 && rows().first?["status"] == .s("stopped")
        }
        #expect(idle, "the autoscaler stops the idle task")
        #expect(try editService().runningCount == 0)
        let rows = rows()
        #expect(rows.count == 1 && rows[0]["status"] == .s("stopped"), "\(rows)")
        let unprotect = try run.aws.database.eventLog(service: "ecs").filter { $0.operation == "UpdateTaskProtection" }
        #expect(unprotect.last?.keys.contains(#""protected":"false""#) == true, "the idle container dropped its protection")
        #expect(run.platform?.autoscaler.changes.last?.to == 0)
    }
}
