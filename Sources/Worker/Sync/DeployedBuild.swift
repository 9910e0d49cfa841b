import Foundation
import Messages

/// The last completed deploy of a site, kept on the persistent volume beside the workspace
/// (`/workspace/{clientId}/{projectId}/deployed/`), and the mark of a deploy in progress
/// (`/workspace/{clientId}/{projectId}/deploy-in-progress`). A deploy that fails or is interrupted part way
/// puts this copy back, so the bucket always holds one whole build; a mark left by a container that died
/// tells the next owner to do the same.
public struct DeployedBuild {
    let directory: URL
    let marker: URL
    /// Names the command whose sync made the copy.
    let deployedBy: URL
    private var manager: FileManager { .default }

    public init(workspacePath: String) {
        let siteFolder = URL(fileURLWithPath: workspacePath).deletingLastPathComponent()
        directory = siteFolder.appendingPathComponent("deployed")
        marker = siteFolder.appendingPathComponent("deploy-in-progress")
        deployedBy = siteFolder.appendingPathComponent("deployed-by")
    }

    var exists: Bool { manager.fileExists(atPath: directory.path) }
    /// Whether a deploy was begun and neither completed nor undone.
    public var isPending: Bool { manager.fileExists(atPath: marker.path) }

    /// The command whose completed sync the copy is, if a command's sync made it.
    var command: String? {
        (try? String(contentsOf: deployedBy, encoding: .utf8)).map { $0.trimmingCharacters(in: .newlines) }
    }

    func recordCommand(_ key: String) throws {
        try Data((key + "\n").utf8).write(to: deployedBy)
    }

    /// How the copy names the command whose deploy it is: `{sessionId} {commandId}` (command ids are unique
    /// only within a session).
    static func commandKey(_ message: WorkMessage) -> String { "\(message.sessionId) \(message.commandId)" }

    /// The copy's files, relative to its folder, in byte order.
    func files() throws -> [String] {
        var found: [String] = []
        func walk(_ folder: URL, _ prefix: String) throws {
            for name in try manager.contentsOfDirectory(atPath: folder.path) {
                let url = folder.appendingPathComponent(name)
                var isFolder: ObjCBool = false
                _ = manager.fileExists(atPath: url.path, isDirectory: &isFolder)
                if isFolder.boolValue { try walk(url, prefix + name + "/") } else { found.append(prefix + name) }
            }
        }
        if exists { try walk(directory, "") }
        return found.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    /// Replaces the copy with these files (keys relative to `source`), written beside it and then renamed.
    func replace(with files: [String], from source: URL) throws {
        try replace(with: files.map { ($0, try Data(contentsOf: source.appendingPathComponent($0))) })
    }

    /// Replaces the copy with these objects. Keys that are not plain relative paths are left out.
    func replace(with objects: [(key: String, body: Data)]) throws {
        let next = directory.deletingLastPathComponent().appendingPathComponent("deployed.next")
        if manager.fileExists(atPath: next.path) { try manager.removeItem(at: next) }
        try manager.createDirectory(at: next, withIntermediateDirectories: true)
        for (key, body) in objects where Self.isPlainPath(key) {
            let url = next.appendingPathComponent(key)
            try manager.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try body.write(to: url)
        }
        if exists { try manager.removeItem(at: directory) }
        try manager.moveItem(at: next, to: directory)
    }

    /// Drops the copy (it may no longer be the last completed deploy).
    func forget() {
        try? manager.removeItem(at: directory)  // the worker's own copy
        try? manager.removeItem(at: deployedBy)
    }

    func markPending(commandId: String) throws {
        try Data((commandId + "\n").utf8).write(to: marker)
    }

    func clearPending() throws {
        if isPending { try manager.removeItem(at: marker) }
    }

    static func isPlainPath(_ key: String) -> Bool {
        !key.isEmpty && !key.hasPrefix("/") && !key.split(separator: "/", omittingEmptySubsequences: false).contains { $0.isEmpty || $0 == "." || $0 == ".." }
    }
}
