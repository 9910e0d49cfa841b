import Messages
import SimKernel
import Testing

@Suite("Work responses")
struct WorkResponseTests {
    static let response = WorkResponse(
        sessionId: "session-aaa-111", commandId: "cmd-001", chatThreadId: "thread-aaa", clientId: "amelia", userId: "u1",
        success: true, interrupted: false, summary: "Added a welcome message", filesChanged: ["src/pages/index.astro"],
        commitSha: "8c8eb92d775a7dec1ddcd117973248a48fb43b1e", branch: "thread-aaa",
        previewUrl: "https://edit.amelia.webordinary.com/session/thread-aaa/", buildSuccess: true, deploySuccess: true,
        pushSuccess: true, error: nil, timings: ["build": 548, "claude": 10852, "total": 13002])

    @Test func aResponseDecodesToItself() {
        #expect(WorkResponse.parse(Self.response.json) == Self.response)
        var failed = Self.response
        failed.success = false
        failed.error = "Build failed: exit 1"
        failed.commitSha = nil
        #expect(WorkResponse.parse(failed.json) == failed)
    }

    @Test func somethingElseIsNotAResponse() {
        #expect(WorkResponse.parse("not json") == nil)
        #expect(WorkResponse.parse(#"{"type":"claim_request","clientId":"a","projectId":"b"}"#) == nil)
        var object = (try! JSONValue.parse(Self.response.json)).objectValue!
        object["success"] = .string("yes")
        #expect(WorkResponse(members: object) == nil, "a mistyped member is refused, not read as false")
    }
}
