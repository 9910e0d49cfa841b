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

    /// A file someone puts in a running server's folder is not the server's: a reset is refused (409, the
    /// server serving on as it was), the shutdown does not list it, and the next server refuses the folder.
    @Test func aFileDroppedIntoARunningServersFolderIsKept() async throws {
        let root = WireClient.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let folder = root.appendingPathComponent("serve")
        let client = WireClient(host: try ServeHost(ServeOptions(
            world: .empty, clock: .manual, seed: 1, folder: folder, projectRoot: root, endpoint: "http://127.0.0.1:4566")))
        #expect(await client.json("AmazonSQS.CreateQueue", #"{"QueueName":"kept"}"#, service: "sqs").status == 200)
        try Data("mine\n".utf8).write(to: folder.appendingPathComponent("notes.txt"))
        let reset = await client.admin("POST", "/reset")
        #expect(reset.status == 409)
        #expect(String(decoding: reset.body, as: UTF8.self).contains("notes.txt"))
        #expect(await client.json("AmazonSQS.GetQueueUrl", #"{"QueueName":"kept"}"#, service: "sqs").status == 200, "serving on")
        await client.host.shutdown()
        let marker = try String(contentsOf: folder.appendingPathComponent(OutputFolder.markerName), encoding: .utf8)
        #expect(!marker.contains("notes.txt"))
        #expect(throws: OutputFolder.Refusal.self) {
            _ = try ServeHost(ServeOptions(
                world: .empty, clock: .manual, seed: 1, folder: folder, projectRoot: root, endpoint: "http://127.0.0.1:4566"))
        }
        #expect(try String(contentsOf: folder.appendingPathComponent("notes.txt"), encoding: .utf8) == "mine\n")
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
