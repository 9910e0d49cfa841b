import Foundation
import GitWorkspace
import SimKernel
import Testing
import Worker

/// A temporary directory with a bare remote holding a small site, and helpers to clone and edit it.
final class GitFixture {
    let root: URL
    let remote: BareRemote
    let repositories = LibGit2Repositories()
    var clock = Instant.defaultSimulationStart

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("wsim-git-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        remote = try BareRemote.create(
            at: root.appendingPathComponent("github/amelia-stamps.git").path,
            files: [
                ("src/pages/index.astro", Data("<h1>Amelia Stamps</h1>\n".utf8)),
                ("src/components/Footer.astro", Data("<footer>© 2024</footer>\n".utf8)),
                (".gitignore", Data("dist/\nnode_modules/\n".utf8)),
            ],
            author: .container, at: .defaultSimulationStart, message: "Initial site")
    }

    deinit { try? FileManager.default.removeItem(at: root) }

    func clone(_ name: String) throws -> GitRepository {
        try repositories.cloneRepository(from: remote.path, to: root.appendingPathComponent(name).path)
    }

    func write(_ text: String, to file: String, in repository: GitRepository) throws {
        let url = URL(fileURLWithPath: repository.path).appendingPathComponent(file)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    func read(_ file: String, in repository: GitRepository) throws -> String {
        try String(contentsOf: URL(fileURLWithPath: repository.path).appendingPathComponent(file), encoding: .utf8)
    }

    /// Commits everything at the next simulated second.
    @discardableResult
    func commit(_ repository: GitRepository, _ message: String) throws -> String? {
        clock = clock + .seconds(1)
        return try repository.commitAll(message: message, author: .container, at: clock)
    }

    func remoteFile(_ file: String, on branch: String) throws -> String? {
        try remote.file(file, at: branch).map { String(decoding: $0, as: UTF8.self) }
    }
}
