import Messages
import SimKernel
import Testing

@Suite("Work message validation")
struct MessageValidationTests {
    static let valid = WorkMessage(
        sessionId: "session-aaa-111", commandId: "cmd-001", chatThreadId: "thread-aaa", clientId: "amelia",
        instruction: "Add a welcome message to the homepage", userId: "test-user-1")

    func body(replacing key: String, with value: JSONValue?) -> String {
        var object = (try! JSONValue.parse(Self.valid.json)).objectValue!
        object[key] = value
        return JSONValue.object(object).canonicalText
    }

    @Test func theSeedMessageParses() throws {
        let parsed = try WorkMessage.parse(Self.valid.json, site: "amelia", projectId: "stamps")
        #expect(parsed == Self.valid)
    }

    @Test(arguments: ["../x", "a b", "thread-x.lock", "-rf", String(repeating: "a", count: 200), "x..y", "", "thread/x", "naïve", "x."])
    func unsafeIdsAreRefusedWithAReason(_ id: String) {
        for key in ["sessionId", "commandId", "chatThreadId", "userId"] {
            #expect(throws: MessageRejection.self) { try WorkMessage.parse(body(replacing: key, with: .string(id)), site: "amelia", projectId: "stamps") }
            do {
                _ = try WorkMessage.parse(body(replacing: key, with: .string(id)), site: "amelia", projectId: "stamps")
            } catch {
                #expect(error.reason.hasPrefix(key), "the reason names the field: \(error.reason)")
                #expect(error.known[key] == nil, "an unsafe value is never echoed back as known")
            }
        }
    }

    @Test(arguments: [
        ("{not json", "not valid JSON"), ("[1, 2]", "must be a JSON object"), ("\"text\"", "must be a JSON object"),
    ])
    func malformedBodiesAreRefused(_ body: String, _ reason: String) {
        do {
            _ = try WorkMessage.parse(body, site: "amelia", projectId: "stamps")
            Issue.record("\(body) must be refused")
        } catch {
            #expect(error.reason.contains(reason), "\(error.reason)")
        }
    }

    @Test func missingAndMistypedFieldsAreNamed() {
        #expect(throws: MessageRejection(reason: "the field instruction is missing", known: ["sessionId": "session-aaa-111", "commandId": "cmd-001", "chatThreadId": "thread-aaa", "clientId": "amelia", "userId": "test-user-1"])) {
            try WorkMessage.parse(body(replacing: "instruction", with: nil), site: "amelia", projectId: "stamps")
        }
        do {
            _ = try WorkMessage.parse(body(replacing: "commandId", with: .number("7")), site: "amelia", projectId: "stamps")
        } catch {
            #expect(error.reason == "the field commandId must be a string")
            #expect(error.known["sessionId"] == "session-aaa-111", "known fields address the error response")
        }
    }

    @Test func instructionsMustBeOneByteTo64KiB() {
        #expect(throws: MessageRejection.self) { try WorkMessage.parse(body(replacing: "instruction", with: .string("  \n")), site: "amelia", projectId: "stamps") }
        #expect(throws: MessageRejection.self) {
            try WorkMessage.parse(body(replacing: "instruction", with: .string(String(repeating: "x", count: 65_537))), site: "amelia", projectId: "stamps")
        }
        #expect(throws: Never.self) {
            try WorkMessage.parse(body(replacing: "instruction", with: .string(String(repeating: "x", count: 65_536))), site: "amelia", projectId: "stamps")
        }
    }

    @Test func theClientAndProjectMustBeTheQueuesSite() {
        #expect(throws: MessageRejection.self) { try WorkMessage.parse(body(replacing: "clientId", with: .string("client-b")), site: "amelia", projectId: "stamps") }
        #expect(throws: MessageRejection.self) { try WorkMessage.parse(body(replacing: "projectId", with: .string("other")), site: "amelia", projectId: "stamps") }
        #expect(throws: Never.self) { try WorkMessage.parse(body(replacing: "projectId", with: .string("stamps")), site: "amelia", projectId: "stamps") }
    }

    @Test func claimRequestsRoundTrip() {
        let claim = ClaimRequest(clientId: "amelia", projectId: "stamps", sessionId: "session-aaa-111")
        #expect(ClaimRequest.parse(claim.json) == claim)
        #expect(claim.siteKey == "amelia#stamps")
        #expect(ClaimRequest.parse("{\"type\":\"claim_request\",\"clientId\":\"../x\",\"projectId\":\"p\"}") == nil)
        #expect(ClaimRequest.parse("{\"type\":\"other\",\"clientId\":\"a\",\"projectId\":\"p\"}") == nil)
    }
}
