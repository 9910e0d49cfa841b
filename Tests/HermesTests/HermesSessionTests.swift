import AWSPorts
import Foundation
import Hermes
import Messages
import SimKernel
import Testing

@Suite("Hermes: the session API")
struct HermesSessionTests {
    @Test func creatingASessionWritesTheRowSendsTheWorkAndAClaimAndScalesTheEditService() throws {
        let world = try HermesWorld()
        let response = world.post(#"{"clientId":"amelia","userId":"test@example.com","instruction":"Add a welcome message to the homepage"}"#)
        #expect(response.status == 201, "\(response.bodyText)")
        let body = response.json
        let sessionId = try #require(body["sessionId"]?.stringValue)
        let thread = try #require(body["chatThreadId"]?.stringValue)
        #expect(body["previewUrl"]?.stringValue == "https://edit.amelia.webordinary.com/session/\(thread)/")

        let rows = try world.sessionRows()
        #expect(rows.count == 1)
        #expect(rows.first?["sessionId"] == .s(sessionId))
        #expect(rows.first?["userId"] == .s("test-example"), "the email maps to the user id")
        #expect(rows.first?["status"] == .s("initializing"))
        #expect(rows.first?["editBranch"] == .s("thread-\(thread)"))

        let work = try world.messages(on: world.ameliaQueueURL)
        #expect(work.count == 1)
        let message = try WorkMessage.parse(work[0], site: "amelia", projectId: "amelia-astro")
        #expect(message.sessionId == sessionId && message.instruction == "Add a welcome message to the homepage")
        #expect(message.projectId == "amelia-astro" && message.userId == "test-example")

        let claims = try world.messages(on: world.unclaimedURL)
        #expect(claims.count == 1 && claims[0].contains(#""clientId":"amelia""#))
        #expect(try world.desiredEditTasks == 1)
    }

    @Test func aSecondMessageOnTheSameThreadContinuesTheSessionAndDoesNotClaimAgainWithinAMinute() throws {
        let world = try HermesWorld()
        let first = world.post(#"{"clientId":"amelia","userId":"u1","instruction":"Add a welcome message","chatThreadId":"t-1"}"#)
        world.scheduler.advance(by: .seconds(10))
        let second = world.post(#"{"clientId":"amelia","userId":"u1","instruction":"Make it blue","chatThreadId":"t-1"}"#)
        #expect(first.status == 201 && second.status == 201)
        #expect(first.json["sessionId"] == second.json["sessionId"])
        #expect(second.json["commandId"] != first.json["commandId"])
        #expect(try world.sessionRows().count == 1)
        #expect(try world.messages(on: world.ameliaQueueURL).count == 2)
        #expect(try world.messages(on: world.unclaimedURL).count == 1, "one claim request per site per minute")
        world.scheduler.advance(by: .seconds(61))
        _ = world.post(#"{"clientId":"amelia","userId":"u1","instruction":"Again","chatThreadId":"t-1"}"#)
        #expect(try world.messages(on: world.unclaimedURL).count == 2, "the claim is repeated once the minute is over")
    }

    @Test func aLiveOwnerMeansNoClaimAndNoScaling() throws {
        let world = try HermesWorld()
        try world.own("amelia#amelia-astro")
        #expect(world.post(#"{"clientId":"amelia","userId":"u1","instruction":"Hello"}"#).status == 201)
        #expect(try world.messages(on: world.unclaimedURL).isEmpty)
        #expect(try world.desiredEditTasks == 0)
    }

    /// An owner whose heartbeat stopped: its claim's `ttl` has passed.
    @Test func aStaleOwnerIsNotAnOwner() throws {
        let world = try HermesWorld()
        world.scheduler.advance(by: .seconds(3600))
        try world.own("amelia#amelia-astro", ttl: world.scheduler.now - .seconds(1))
        #expect(world.post(#"{"clientId":"amelia","userId":"u1","instruction":"Hello"}"#).status == 201)
        #expect(try world.messages(on: world.unclaimedURL).count == 1)
    }

    @Test func theEditServiceGrowsWithWaitingSitesUpToThree() throws {
        let world = try HermesWorld()
        _ = world.post(#"{"clientId":"amelia","userId":"u1","instruction":"a"}"#)
        _ = world.post(#"{"clientId":"shop","projectId":"site-a","userId":"u1","instruction":"b"}"#)
        #expect(try world.desiredEditTasks == 2)
        _ = world.post(#"{"clientId":"shop","projectId":"site-b","userId":"u1","instruction":"c"}"#)
        try world.own("other#x")
        world.scheduler.advance(by: .seconds(1))
        _ = world.post(#"{"clientId":"shop","projectId":"site-b","userId":"u1","instruction":"d"}"#)
        #expect(try world.desiredEditTasks == 3)
    }

    @Test func getSessionReturnsTheRowAnd404ForAnUnknownId() throws {
        let world = try HermesWorld()
        let created = world.post(#"{"clientId":"amelia","userId":"u1","instruction":"a"}"#)
        let id = try #require(created.json["sessionId"]?.stringValue)
        let found = world.hermes.handle(.get("/api/sessions/\(id)"))
        #expect(found.status == 200)
        #expect(found.json["clientId"]?.stringValue == "amelia")
        let missing = world.hermes.handle(.get("/api/sessions/session-nope"))
        #expect(missing.status == 404)
        #expect(missing.json["error"]?.stringValue == "no session session-nope")
    }

    @Test(arguments: [
        ("not json", "the body must be a JSON object"),
        (#"{"userId":"u1","instruction":"a"}"#, "the field clientId is missing"),
        (#"{"clientId":"amelia","instruction":"a"}"#, "the field userId is missing"),
        (#"{"clientId":"amelia","userId":"u1"}"#, "the field instruction is missing"),
        (#"{"clientId":"amelia","userId":"u1","instruction":"  "}"#, "the instruction is empty"),
        (#"{"clientId":"amelia","userId":"u1","instruction":7}"#, "the field instruction must be a string"),
        (#"{"clientId":"../etc","userId":"u1","instruction":"a"}"#, "clientId \"../etc\" is not a safe id"),
        (#"{"clientId":"amelia","userId":"u1","instruction":"a","chatThreadId":"x.lock"}"#, "chatThreadId \"x.lock\" is not a safe id"),
        (#"{"clientId":"amelia","userId":"nobody@example.com","instruction":"a"}"#, "no user with the address nobody@example.com"),
        (#"{"clientId":"shop","userId":"u1","instruction":"a"}"#, "client shop has 2 sites; give projectId (site-a, site-b)"),
    ])
    func badRequestsAre400WithTheReasonAndChangeNothing(_ body: String, _ reason: String) throws {
        let world = try HermesWorld()
        let response = world.post(body)
        #expect(response.status == 400)
        let error = try #require(response.json["error"]?.stringValue)
        #expect(error.hasPrefix(reason), "\(error)")
        #expect(try world.sessionRows().isEmpty)
        #expect(try world.messages(on: world.ameliaQueueURL).isEmpty)
        #expect(try world.messages(on: world.unclaimedURL).isEmpty)
    }

    @Test func unknownClientsAndProjectsAre404() throws {
        let world = try HermesWorld()
        #expect(world.post(#"{"clientId":"ghost","userId":"u1","instruction":"a"}"#).json["error"]?.stringValue == "no client ghost")
        #expect(world.post(#"{"clientId":"shop","projectId":"site-z","userId":"u1","instruction":"a"}"#).status == 404)
    }

    @Test func routesMethodsHealthAndInjectedFaults() throws {
        let world = try HermesWorld()
        #expect(world.hermes.handle(.get("/hermes/health")).status == 200)
        let wrongMethod = world.hermes.handle(.get("/api/sessions"))
        #expect(wrongMethod.status == 405 && wrongMethod.header("allow") == "POST")
        #expect(world.hermes.handle(.get("/api/other")).status == 404)
        world.hermes.faults = { operation in
            operation == "CreateSession" ? HTTPResponse(status: 429, headers: ["retry-after": "1"], body: Data("slow down".utf8)) : nil
        }
        #expect(world.post(#"{"clientId":"amelia","userId":"u1","instruction":"a"}"#).status == 429)
        #expect(try world.sessionRows().isEmpty, "a throttled request does nothing")
        #expect(world.hermes.handle(.get("/hermes/health")).status == 200)
    }

    @Test func resumePreviewWakesTheSiteOfAThread() throws {
        let world = try HermesWorld()
        _ = world.post(#"{"clientId":"amelia","userId":"u1","instruction":"a","chatThreadId":"t-9"}"#)
        world.scheduler.advance(by: .seconds(120))
        let resumed = world.hermes.handle(.post("/api/sessions/resume-preview", json: #"{"chatThreadId":"t-9"}"#))
        #expect(resumed.status == 202)
        #expect(try world.messages(on: world.unclaimedURL).count == 2)
        #expect(world.hermes.handle(.post("/api/sessions/resume-preview", json: #"{"chatThreadId":"t-0"}"#)).status == 404)
    }
}
