import Messages
import SimKernel
import Testing
@testable import Worker

@Suite("Branch names and commit messages")
struct GitNamingTests {
    @Test(arguments: [("aaa", "thread-aaa"), ("thread-aaa", "thread-aaa"), ("thread-thread-1", "thread-thread-1"), ("threadx", "thread-threadx")])
    func preferredBranchNamesNeverDoubleThePrefix(_ thread: String, _ branch: String) {
        #expect(BranchName.preferred(forThread: thread) == branch)
    }

    /// `collide` and `thread-collide` prefer one name; their alternatives differ from each other and from
    /// every preferred name (a thread id never holds `+`), and are valid git branch names.
    @Test func alternativeNamesTellCollidingThreadsApart() {
        let one = BranchName.candidates(forThread: "collide")
        let two = BranchName.candidates(forThread: "thread-collide")
        #expect(one[0] == two[0])
        #expect(one[1] != two[1])
        #expect(one[1].hasPrefix("thread-collide+") && one[1].count == "thread-collide+".count + 8)
        #expect(!one[1].contains("..") && !one[1].hasSuffix(".lock"))
        #expect(BranchName.alternative(forThread: "collide") == one[1], "deterministic")
    }

    @Test func theSubjectStripsPolitenessAndEndsWithFilesAndTag() {
        let subject = CommitMessage.subject(instruction: "please add a welcome message to the homepage", files: ["src/pages/index.astro"], sessionId: "session-aaa-111")
        #expect(subject == "Add a welcome message to the homepage (index.astro) […aaa-111]")
        #expect(CommitMessage.subject(instruction: "Can you fix it", files: [], sessionId: "abc") == "Fix it [abc]")
    }

    /// The seeds' sessions read apart in `git log --oneline`, and so do ids built to collide.
    @Test(arguments: [
        ("session-aaa-111", "session-bbb-222"), ("session-x", "x"), ("session-abcdefghijklmnop-1", "session-abcdefghijklmnop-2"),
        ("abcdefghijklmnopq", "abcdefghijklmnopr"), ("session-ab", "ab"),
    ])
    func tagsTellSessionsApart(_ first: String, _ second: String) {
        #expect(CommitMessage.tag(first) != CommitMessage.tag(second))
        #expect(CommitMessage.tag(first).count <= 15)
    }

    @Test func longSubjectsKeepTheFileSummaryAndTagWithin72() {
        let instruction = String(repeating: "Make the homepage much better in every way ", count: 4)
        let subject = CommitMessage.subject(instruction: instruction, files: ["a.css", "b.css"], sessionId: "session-xyz-999")
        #expect(subject.count <= 72)
        #expect(subject.hasSuffix("... (2 CSS files) […xyz-999]"))
        let seed = CommitMessage.subject(instruction: "Update page title to \"Stamps for everyone\"", files: ["src/pages/index.astro"], sessionId: "session-aaa-111")
        #expect(seed.hasPrefix("Update page title to \"Stamps for everyone\" "), "the seed's instruction fits whole: \(seed)")
    }

    /// Hostile instructions: a NUL, control characters, only whitespace on the first line. The subject is
    /// never empty and holds no control character.
    @Test(arguments: ["\0", "\u{7}\u{1b}[31mred\u{1b}[0m", "\n\n  \nsecond line", "\t\t", "a\u{0}b\r\nc"])
    func subjectsAreNeverEmptyAndHaveNoControlCharacters(_ instruction: String) {
        let subject = CommitMessage.subject(instruction: instruction, files: ["x.txt"], sessionId: "s1")
        let cleanStart = !subject.hasPrefix(" ") && !subject.hasPrefix("(")
        #expect(cleanStart, "\(subject.debugDescription)")
        #expect(!subject.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7f }, "\(subject.debugDescription)")
        let full = CommitMessage.full(instruction: instruction, files: ["x.txt"], sessionId: "s1", commandId: "c1", userId: "u1", at: .defaultSimulationStart)
        #expect(!full.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" }, "\(full.debugDescription)")
        #expect(full.contains("\nSession: s1\nCommand: c1\n"))
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
            Add a welcome message (index.astro) […aaa-111]

            Session: session-aaa-111
            Command: cmd-001
            User: test-user-1
            Time: 2025-08-15T00:01:30Z

            """)
        #expect(CommitMessage.isCommit(of: "cmd-001", session: "session-aaa-111", message: full))
        #expect(!CommitMessage.isCommit(of: "cmd-002", session: "session-aaa-111", message: full))
    }

    @Test func switchingAndInterruptedCommitsNameTheirSessionAndCommand() {
        let switching = CommitMessage.switching(from: "session-bbb-222", commandId: "cmd-002", at: .defaultSimulationStart)
        #expect(switching.hasPrefix("Switching sessions […bbb-222]\n\nSession: session-bbb-222\nCommand: cmd-002\n"))
        #expect(!CommitMessage.isCommit(of: "cmd-002", session: "session-bbb-222", message: switching), "not the command's own commit")
        #expect(CommitMessage.interrupted(sessionId: "abcdef123") == "WIP: Session interrupted [abcdef123]")
    }

    @Test func deadLetterReasonsArePrintable() {
        #expect(SafeText.printable("sessionId \"\0x\" is bad") == "sessionId \"\\u{0}x\" is bad")
        #expect(SafeText.printable(String(repeating: "é", count: 2000)).utf8.count <= 1024)
    }
}
