import Messages
import SimKernel
import Testing
@testable import Worker

@Suite("Branch names and commit messages")
struct GitNamingTests {
    @Test(arguments: [("aaa", "thread-aaa"), ("thread-aaa", "thread-aaa"), ("thread-thread-1", "thread-thread-1"), ("threadx", "thread-threadx")])
    func branchNamesNeverDoubleThePrefix(_ thread: String, _ branch: String) {
        #expect(BranchName.forThread(thread) == branch)
    }

    @Test func theSubjectStripsPolitenessAndEndsWithFilesAndTag() {
        let subject = CommitMessage.subject(instruction: "please add a welcome message to the homepage", files: ["src/pages/index.astro"], sessionId: "session-aaa-111")
        #expect(subject == "Add a welcome message to the homepage (index.astro) [session-]")
        #expect(CommitMessage.subject(instruction: "Can you fix it", files: [], sessionId: "abc") == "Fix it [abc]")
    }

    @Test func longSubjectsKeepTheFileSummaryAndTagWithin72() {
        let instruction = String(repeating: "Make the homepage much better in every way ", count: 4)
        let subject = CommitMessage.subject(instruction: instruction, files: ["a.css", "b.css"], sessionId: "session-xyz-999")
        #expect(subject.count <= 72)
        #expect(subject.hasSuffix("... (2 CSS files) [session-]"))
    }

    @Test(arguments: [
        ([String](), nil as String?), (["src/pages/index.astro"], "index.astro"), (["a.css", "b/c.css"], "2 CSS files"),
        (["src/pages/a.astro", "src/pages/b.md"], "2 files in src/pages"), (["a.css", "src/b.astro"], "2 files"),
    ])
    func fileSummaries(_ files: [String], _ summary: String?) {
        #expect(CommitMessage.fileSummary(files) == summary)
    }

    @Test func theBodyCarriesTheTrailers() {
        let instant = Instant.defaultSimulationStart + .seconds(90)
        let full = CommitMessage.full(
            instruction: "Add a welcome message", files: ["src/pages/index.astro"], sessionId: "session-aaa-111",
            commandId: "cmd-001", userId: "test-user-1", at: instant)
        #expect(full == """
            Add a welcome message (index.astro) [session-]

            Session: session-aaa-111
            Command: cmd-001
            User: test-user-1
            Time: 2025-08-15T00:01:30Z

            """)
    }

    @Test func switchingAndInterruptedSubjects() {
        #expect(CommitMessage.switching(from: "session-bbb-222") == "Switching sessions [session-]")
        #expect(CommitMessage.interrupted(sessionId: "abcdef123") == "WIP: Session interrupted [abcdef12]")
    }
}
