import Foundation
@testable import HTTPFront
import Simulation
import Testing

/// The server's folder: one under the project's `.wsim/` is wsim's own, whatever its marker says (a server
/// killed before it could list its files left one unsealed); any other folder is wsim's only for what its
/// marker lists.
@Suite("The served folder")
struct ServeFolderTests {
    func folderWithAnUnsealedMarker(in parent: URL) throws -> URL {
        let folder = parent.appendingPathComponent("serve")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data("This folder was created by wsim; wsim empties it when it writes a run here again.\n".utf8)
            .write(to: folder.appendingPathComponent(OutputFolder.markerName))
        try Data("old\n".utf8).write(to: folder.appendingPathComponent("trace.jsonl"))
        return folder
    }

    @Test func aFolderUnderTheProjectsWsimFolderIsTakenWhateverItsMarker() async throws {
        let root = WireClient.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let folder = try folderWithAnUnsealedMarker(in: root.appendingPathComponent(".wsim"))
        let host = try ServeHost(ServeOptions(
            world: .empty, clock: .manual, seed: 1, folder: folder, projectRoot: root, endpoint: "http://127.0.0.1:4566"))
        await host.shutdown()
        let marker = try String(contentsOf: folder.appendingPathComponent(OutputFolder.markerName), encoding: .utf8)
        #expect(marker.contains("state: complete"), "sealed on shutdown: \(marker)")
        #expect(marker.contains("wrote: wsim.sqlite"))
    }

    @Test func anUnsealedFolderElsewhereIsRefused() throws {
        let root = WireClient.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let folder = try folderWithAnUnsealedMarker(in: root.appendingPathComponent("elsewhere"))
        #expect(throws: OutputFolder.Refusal.self) {
            _ = try ServeHost(ServeOptions(
                world: .empty, clock: .manual, seed: 1, folder: folder, projectRoot: root, endpoint: "http://127.0.0.1:4566"))
        }
        #expect(try String(contentsOf: folder.appendingPathComponent("trace.jsonl"), encoding: .utf8) == "old\n")
    }
}
