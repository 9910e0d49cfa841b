import AWSPorts
import AWSSim
import Foundation
import SimKernel
import Testing

/// A target that answers with its own name and keeps what it was asked.
final class NamedTarget: HTTPHandler {
    let name: String
    var requests: [HTTPRequest] = []

    init(_ name: String) { self.name = name }

    func handle(_ request: HTTPRequest) -> HTTPResponse {
        requests.append(request)
        return .text(200, name)
    }
}

@Suite("Load balancer: rules, targets, upgrades")
struct LoadBalancerTests {
    func balancer() throws -> (TestWorld, SimulatedLoadBalancer, NamedTarget, NamedTarget) {
        let world = try TestWorld()
        let alb = world.aws.loadBalancer
        let hermes = NamedTarget("hermes"), router = NamedTarget("router")
        try alb.createTargetGroup("hermes-tg")
        try alb.createTargetGroup("router-tg")
        try alb.registerTarget(targetGroup: "hermes-tg", id: "task-1", handler: hermes)
        try alb.registerTarget(targetGroup: "router-tg", id: "session-router", handler: router)
        try alb.createRule(LoadBalancerRule(priority: 15, pathPatterns: ["/session/*"], action: .forward(targetGroup: "router-tg")))
        try alb.createRule(LoadBalancerRule(priority: 5, pathPatterns: ["/hermes/*"], action: .forward(targetGroup: "hermes-tg")))
        try alb.createRule(LoadBalancerRule(priority: 10, pathPatterns: ["/api/*"], action: .forward(targetGroup: "hermes-tg")))
        return (world, alb, hermes, router)
    }

    @Test func rulesAreTriedByPriorityWhateverTheirCreationOrder() throws {
        let (_, alb, _, _) = try balancer()
        #expect(alb.listenerRules.map(\.priority) == [5, 10, 15])
        try alb.createRule(LoadBalancerRule(priority: 1, pathPatterns: ["/api/health"], action: .fixedResponse(status: 200, contentType: "text/plain", body: "ok")))
        #expect(alb.handle(.get("/api/health")).bodyText == "ok", "priority 1 wins over /api/* at 10")
        #expect(alb.handle(.get("/api/sessions")).bodyText == "hermes")
    }

    @Test(arguments: [
        ("/hermes/health", "hermes"), ("/api/sessions/abc?x=1", "hermes"), ("/session/thread-aaa/", "router"),
        ("/session/thread-aaa/about/", "router"), ("/sessions", "Not Found"), ("/", "Not Found"), ("/API/sessions", "Not Found"),
        ("/hermes", "Not Found"),
    ])
    func pathPatternsAreCaseSensitiveGlobsOnThePathOnly(_ path: String, _ answer: String) throws {
        let (_, alb, _, _) = try balancer()
        #expect(alb.handle(.get(path)).bodyText == answer)
    }

    @Test func wildcardsMatchLikeALB() throws {
        let world = try TestWorld()
        let alb = world.aws.loadBalancer
        try alb.createRule(LoadBalancerRule(priority: 1, pathPatterns: ["/img/?.png", "/a*b*c"], action: .fixedResponse(status: 200, contentType: "text/plain", body: "yes")))
        for (path, matches) in [("/img/x.png", true), ("/img/xy.png", false), ("/abc", true), ("/aXbYc", true), ("/aXbY", false), ("/a", false)] {
            #expect((alb.handle(.get(path)).status == 200) == matches, "\(path)")
        }
    }

    @Test func hostConditionsIgnoreCaseAndPort() throws {
        let world = try TestWorld()
        let alb = world.aws.loadBalancer
        try alb.createRule(LoadBalancerRule(priority: 1, pathPatterns: ["/*"], hostPatterns: ["edit.*.webordinary.com"],
                                            action: .fixedResponse(status: 200, contentType: "text/plain", body: "edit")))
        #expect(alb.handle(.get("/", headers: ["Host": "EDIT.amelia.webordinary.com:443"])).bodyText == "edit")
        #expect(alb.handle(.get("/", headers: ["Host": "amelia.webordinary.com"])).status == 404)
    }

    @Test func webSocketUpgradesAreRecognised() {
        #expect(HTTPRequest.get("/session/t/_hmr", headers: ["Connection": "keep-alive, Upgrade", "Upgrade": "WebSocket"]).isWebSocketUpgrade)
        #expect(!HTTPRequest.get("/session/t/_hmr", headers: ["Upgrade": "websocket"]).isWebSocketUpgrade, "Connection: Upgrade is required")
        #expect(!HTTPRequest.get("/session/t/_hmr", headers: ["Connection": "upgrade", "Upgrade": "h2c"]).isWebSocketUpgrade)
        #expect(!HTTPRequest(method: "POST", path: "/x", headers: ["Connection": "upgrade", "Upgrade": "websocket"]).isWebSocketUpgrade)
    }

    @Test func aTargetGroupWithoutTargetsAnswers503AndWakesItsService() throws {
        let (_, alb, _, _) = try balancer()
        try alb.deregisterTarget(targetGroup: "hermes-tg", id: "task-1")
        var woken = 0
        alb.onNoTargets["hermes-tg"] = { woken += 1 }
        let response = alb.handle(.get("/api/sessions"))
        #expect(response.status == 503)
        #expect(response.bodyText.contains("503 Service Temporarily Unavailable"))
        #expect(woken == 1)
    }

    @Test func targetsTakeTurns() throws {
        let (_, alb, first, _) = try balancer()
        let second = NamedTarget("hermes-2")
        try alb.registerTarget(targetGroup: "hermes-tg", id: "task-2", handler: second)
        let answers = (0..<4).map { _ in alb.handle(.get("/api/x")).bodyText }
        #expect(answers == ["hermes", "hermes-2", "hermes", "hermes-2"])
        #expect(first.requests.count == 2 && second.requests.count == 2)
    }

    @Test func configurationMistakesAreAWSErrors() throws {
        let (_, alb, _, _) = try balancer()
        _ = expectAWSError("PriorityInUse") { try alb.createRule(LoadBalancerRule(priority: 5, pathPatterns: ["/x"], action: .forward(targetGroup: "hermes-tg"))) }
        _ = expectAWSError("TargetGroupNotFound") { try alb.createRule(LoadBalancerRule(priority: 7, pathPatterns: ["/x"], action: .forward(targetGroup: "nope"))) }
        _ = expectAWSError("DuplicateTargetGroupName") { try alb.createTargetGroup("hermes-tg") }
        _ = expectAWSError("ValidationError") { try alb.createRule(LoadBalancerRule(priority: 0, pathPatterns: ["/x"], action: .forward(targetGroup: "hermes-tg"))) }
    }

    @Test func requestsAreRecordedWithTheirRuleAndStatus() throws {
        let (world, alb, _, _) = try balancer()
        _ = alb.handle(.get("/session/thread-aaa/_hmr", headers: ["Connection": "Upgrade", "Upgrade": "websocket"]))
        _ = alb.handle(.get("/nowhere"))
        let requests = try world.events(service: "elb").filter { $0.operation == "Request" }.map(\.keys)
        #expect(requests == [
            #"{"method":"GET","path":"/session/thread-aaa/_hmr","rule":"15","status":"200","target":"router-tg/session-router","upgrade":"websocket"}"#,
            #"{"method":"GET","path":"/nowhere","rule":"default","status":"404","target":"fixed-response","upgrade":""}"#,
        ])
    }
}
