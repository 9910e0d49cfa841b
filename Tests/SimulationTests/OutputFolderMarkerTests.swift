import Foundation
import Simulation
import Testing

/// The `.wsim-run` marker: wsim removes what it listed there, and nothing else.
@Suite("Output folder markers")
struct OutputFolderMarkerTests {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("wsim-marker-\(UUID().uuidString)")

    func write(_ text: String, _ name: String) throws {
        try Data(text.utf8).write(to: folder.appendingPathComponent(name))
    }

    func entries() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
    }

    @Test func aSealedFolderIsEmptiedOfWhatItListsOnly() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        try OutputFolder.prepare(folder)
        try write("report\n", "report.md")
        try OutputFolder.seal(folder)
        try OutputFolder.check(folder)

        try write("mine\n", "notes.txt")
        #expect(throws: OutputFolder.Refusal.self) { try OutputFolder.prepare(folder) }
        #expect(try entries() == [".wsim-run", "notes.txt", "report.md"], "a refusal changes nothing")

        try FileManager.default.removeItem(at: folder.appendingPathComponent("notes.txt"))
        try OutputFolder.prepare(folder)
        #expect(try entries() == [".wsim-run"])
    }

    @Test func aFolderStillBeingWrittenIsRefusedUnlessEmpty() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        try OutputFolder.prepare(folder)
        try OutputFolder.check(folder)  // marked, nothing in it yet
        try write("half\n", "trace.jsonl")
        do {
            try OutputFolder.check(folder)
            Issue.record("an unsealed folder with entries was accepted")
        } catch {
            #expect(error.problem.contains("the run that wrote here did not finish"))
            #expect(error.problem.contains("trace.jsonl"))
        }
    }

    /// An older wsim's marker (no list) cannot say what it wrote: refused like an unfinished run.
    @Test func aMarkerWithoutAListIsRefused() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try write("This folder was created by wsim; wsim empties it when it writes a run here again.\n", OutputFolder.markerName)
        try write("mine\n", "notes.txt")
        #expect(throws: OutputFolder.Refusal.self) { try OutputFolder.prepare(folder) }
        #expect(try entries() == [".wsim-run", "notes.txt"])
    }

    @Test func anUnreadableMarkerIsRefused() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder.appendingPathComponent(OutputFolder.markerName), withIntermediateDirectories: true)
        try write("mine\n", "notes.txt")
        do {
            try OutputFolder.check(folder)
            Issue.record("a folder whose marker cannot be read was accepted")
        } catch {
            #expect(error.problem.contains("cannot be read"))
        }
    }

    /// The list holds every path at any depth: a note in a subfolder wsim made is seen too.
    @Test func aNoteDeepInsideIsSeen() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        try OutputFolder.prepare(folder)
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("efs/site/src"), withIntermediateDirectories: true)
        try write("page\n", "efs/site/src/index.astro")
        try OutputFolder.seal(folder)
        try OutputFolder.check(folder)
        try write("mine\n", "efs/site/notes.txt")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("efs/mine/deeper"), withIntermediateDirectories: true)
        try write("mine\n", "efs/mine/deeper/more.txt")
        do {
            try OutputFolder.prepare(folder)
            Issue.record("a note inside a folder wsim made was not seen")
        } catch let refusal as OutputFolder.Refusal {
            #expect(refusal.problem.contains("efs/mine/, efs/site/notes.txt"), "the outermost foreign paths: \(refusal.problem)")
        }
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("efs/site/src/index.astro").path))
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("efs/mine/deeper/more.txt").path))
    }

    /// `seal(only:)` lists the top-level entries it accepts and what is under them, nothing else.
    @Test func aSealCanListOnlyItsOwnEntries() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        try OutputFolder.prepare(folder)
        try write("db\n", "wsim.sqlite")
        try write("mine\n", "notes.txt")
        try OutputFolder.seal(folder, only: { $0.hasPrefix("wsim") })
        #expect(throws: OutputFolder.Refusal.self) { try OutputFolder.check(folder) }
        try FileManager.default.removeItem(at: folder.appendingPathComponent("notes.txt"))
        try OutputFolder.check(folder)
    }

    /// A marked folder inside is covered by the outer list.
    @Test func markedSubfoldersAreCheckedToo() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let inner = folder.appendingPathComponent("scenario")
        try OutputFolder.prepare(folder)
        try OutputFolder.prepare(inner)
        try Data("trace\n".utf8).write(to: inner.appendingPathComponent("trace.jsonl"))
        try OutputFolder.seal(inner)
        try OutputFolder.seal(folder)
        try OutputFolder.check(folder)
        try Data("mine\n".utf8).write(to: inner.appendingPathComponent("notes.txt"))
        do {
            try OutputFolder.check(folder)
            Issue.record("a note in a marked subfolder was not seen")
        } catch {
            #expect(error.path == folder.path)
            #expect(error.problem.contains("scenario/notes.txt"))
        }
    }
}
