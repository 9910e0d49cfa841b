import Foundation
import Glibc
import Testing

/// `--out` never deletes what wsim did not write: a folder holding a user's files is refused and left as it
/// was; a folder wsim made is reused; `--out .` in a checkout is refused.
@Suite("What --out may delete")
struct OutputFolderTests {
    func temporaryDirectory(_ label: String) -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("wsim-out-\(label)-\(UUID().uuidString)")
    }

    @Test func aFolderWithAUsersFileAndSubfolderIsRefusedAndLeftIntact() throws {
        let folder = temporaryDirectory("user")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("drafts"), withIntermediateDirectories: true)
        try Data("my notes\n".utf8).write(to: folder.appendingPathComponent("notes.txt"))
        try Data("draft\n".utf8).write(to: folder.appendingPathComponent("drafts/one.md"))

        let result = try WSimProcess.run(["run", "task05-basic-session-flow", "--out", folder.path])
        #expect(result.status == 2, "\(result.output)\(result.error)")
        #expect(result.error.contains("--out \(folder.path): the folder holds files wsim did not write (drafts/, notes.txt)"), "\(result.error)")
        #expect(try String(contentsOf: folder.appendingPathComponent("notes.txt"), encoding: .utf8) == "my notes\n")
        #expect(try String(contentsOf: folder.appendingPathComponent("drafts/one.md"), encoding: .utf8) == "draft\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == ["drafts", "notes.txt"], "nothing added either")
    }

    @Test func aFolderWsimMadeIsReusedAndAnEmptyOneIsTaken() throws {
        let folder = temporaryDirectory("reuse")
        defer { try? FileManager.default.removeItem(at: folder) }
        let first = try WSimProcess.run(["run", "task04-s3-sync-failure", "--out", folder.path])
        #expect(first.status == 0, "\(first.output)\(first.error)")
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent(".wsim-run").path), "marked as wsim's own")
        let second = try WSimProcess.run(["run", "task04-s3-sync-failure", "--out", folder.path])
        #expect(second.status == 0, "\(second.output)\(second.error)")

        let empty = temporaryDirectory("empty")
        defer { try? FileManager.default.removeItem(at: empty) }
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        let third = try WSimProcess.run(["run", "task04-s3-sync-failure", "--out", empty.path])
        #expect(third.status == 0, "\(third.output)\(third.error)")
        #expect(FileManager.default.fileExists(atPath: empty.appendingPathComponent("report.md").path))
    }

    /// A folder wsim made is wsim's only for what its marker lists: a note dropped into it later is kept, and
    /// so are the run's outputs beside it (nothing is removed).
    @Test func aNoteDroppedIntoAFolderWsimMadeIsKept() throws {
        let folder = temporaryDirectory("note")
        defer { try? FileManager.default.removeItem(at: folder) }
        let first = try WSimProcess.run(["run", "task04-s3-sync-failure", "--out", folder.path])
        #expect(first.status == 0, "\(first.output)\(first.error)")
        try Data("my notes\n".utf8).write(to: folder.appendingPathComponent("notes.txt"))
        let before = try FileManager.default.subpathsOfDirectory(atPath: folder.path).sorted()

        let second = try WSimProcess.run(["run", "task04-s3-sync-failure", "--out", folder.path])
        #expect(second.status == 2, "\(second.output)\(second.error)")
        #expect(second.error.contains("the folder holds files wsim did not write (notes.txt) beside a run's outputs"), "\(second.error)")
        #expect(try FileManager.default.subpathsOfDirectory(atPath: folder.path).sorted() == before, "nothing removed or added")
    }

    /// The check descends into the scenario folders of a suite (each marked in turn).
    @Test func aNoteInAScenarioFolderOfASuiteIsKept() throws {
        let folder = temporaryDirectory("suite-note")
        defer { try? FileManager.default.removeItem(at: folder) }
        let first = try WSimProcess.run(["run", "task04-s3-sync-failure", "task04-session-isolation", "--out", folder.path])
        #expect(first.status == 0, "\(first.output)\(first.error)")
        let note = folder.appendingPathComponent("task04-session-isolation/notes.txt")
        try Data("my notes\n".utf8).write(to: note)

        let second = try WSimProcess.run(["run", "task04-s3-sync-failure", "task04-session-isolation", "--out", folder.path])
        #expect(second.status == 2, "\(second.output)\(second.error)")
        #expect(second.error.contains("the folder holds files wsim did not write (task04-session-isolation/notes.txt)"), "\(second.error)")
        #expect(try String(contentsOf: note, encoding: .utf8) == "my notes\n")
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("task04-s3-sync-failure/wsim.sqlite").path))
    }

    /// Ctrl-C (SIGINT) or SIGTERM: the folders being written are sealed first, so the same `--out` is reused.
    /// SIGKILL leaves them unsealed: wsim cannot tell what it wrote, and refuses the folder, changing nothing.
    @Test(arguments: [SIGINT, SIGTERM, SIGKILL])
    func anInterruptedRunsFolder(signal: Int32) throws {
        let folder = temporaryDirectory("interrupted-\(signal)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let (process, output) = try WSimProcess.start(["run", "--all", "--out", folder.path])
        let printed = WSimProcess.read(output) { $0.contains("PASS ") }
        kill(process.processIdentifier, signal)
        process.waitUntilExit()
        #expect(printed.contains("PASS "), "the run printed no result before it was stopped: \(printed)")
        #expect(process.terminationStatus != 0, "the run finished before the signal; nothing was tested")

        let before = try FileManager.default.subpathsOfDirectory(atPath: folder.path).sorted()
        let again = try WSimProcess.run(["run", "task04-s3-sync-failure", "--out", folder.path])
        if signal == SIGKILL {
            #expect(again.status == 2, "\(again.output)\(again.error)")
            #expect(again.error.contains("the run that wrote here did not finish"), "\(again.error)")
            #expect(try FileManager.default.subpathsOfDirectory(atPath: folder.path).sorted() == before)
        } else {
            #expect(process.terminationStatus == 128 + signal)
            #expect(again.status == 0, "\(again.output)\(again.error)")
        }
    }

    @Test func aFileIsNotAnOutputFolder() throws {
        let file = temporaryDirectory("file")
        defer { try? FileManager.default.removeItem(at: file) }
        try Data("keep me\n".utf8).write(to: file)
        let result = try WSimProcess.run(["run", "task05-basic-session-flow", "--out", file.path])
        #expect(result.status == 2)
        #expect(result.error.contains("it is a file, not a folder"))
        #expect(try String(contentsOf: file, encoding: .utf8) == "keep me\n")
    }

    /// A copy of the project's scenarios and seeds in a git checkout of its own: `--out .` there must leave
    /// the checkout, `.git` included, exactly as it was.
    @Test func outDotInACheckoutIsRefused() throws {
        let checkout = temporaryDirectory("checkout")
        defer { try? FileManager.default.removeItem(at: checkout) }
        try FileManager.default.createDirectory(at: checkout, withIntermediateDirectories: true)
        for folder in ["Simulator", "Seeds"] {
            try FileManager.default.copyItem(
                at: WSimProcess.projectRoot.appendingPathComponent(folder), to: checkout.appendingPathComponent(folder))
        }
        try FileManager.default.createDirectory(at: checkout.appendingPathComponent(".git/objects"), withIntermediateDirectories: true)
        try Data("ref: refs/heads/main\n".utf8).write(to: checkout.appendingPathComponent(".git/HEAD"))
        let before = try FileManager.default.subpathsOfDirectory(atPath: checkout.path).sorted()

        let result = try WSimProcess.run(["run", "task05-basic-session-flow", "--out", "."], in: checkout)
        #expect(result.status == 2, "\(result.output)\(result.error)")
        #expect(result.error.contains("the folder holds files wsim did not write (.git/, Seeds/, Simulator/)"), "\(result.error)")
        #expect(try FileManager.default.subpathsOfDirectory(atPath: checkout.path).sorted() == before)
        let all = try WSimProcess.run(["run", "--all", "--out", "."], in: checkout)
        #expect(all.status == 2)
        #expect(try FileManager.default.subpathsOfDirectory(atPath: checkout.path).sorted() == before)
    }
}
