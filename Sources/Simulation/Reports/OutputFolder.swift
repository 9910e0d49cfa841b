import Foundation

/// A folder wsim writes a run's outputs into. wsim empties only folders it created itself (they hold a
/// `.wsim-run` marker) or empty ones: `--out .` in a checkout, or a folder with a user's notes in it, is
/// refused and left exactly as it was.
public enum OutputFolder {
    /// The file that marks a folder as wsim's own.
    public static let markerName = ".wsim-run"
    static let markerText = "This folder was created by wsim; wsim empties it when it writes a run here again.\n"

    /// Why a folder cannot take a run's outputs.
    public struct Refusal: Error, Hashable, Sendable, CustomStringConvertible {
        public var path: String
        public var problem: String

        public var description: String { "\(path): \(problem)" }
    }

    /// Checks, without changing anything, that `url` may take a run's outputs: it is missing, empty, or holds
    /// the marker. `owned` folders (wsim's own `.wsim/` in the project) count as marked, with everything in them.
    public static func check(_ url: URL, owned: [URL] = []) throws(Refusal) {
        let path = url.standardizedFileURL.path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return }
        guard isDirectory.boolValue else {
            throw Refusal(path: path, problem: "it is a file, not a folder; wsim writes a run's outputs into a folder")
        }
        if isMarked(path) || isInside(path, owned) { return }
        let entries: [String]
        do {
            entries = try FileManager.default.contentsOfDirectory(atPath: path).sorted()
        } catch {
            throw Refusal(path: path, problem: "the folder cannot be read (\(ErrorText.line(error)))")
        }
        guard !entries.isEmpty else { return }
        let shown = entries.prefix(5).map { entry in
            var isFolder: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: path + "/" + entry, isDirectory: &isFolder)
            return isFolder.boolValue ? entry + "/" : entry
        }
        let more = entries.count > 5 ? " and \(entries.count - 5) more" : ""
        throw Refusal(
            path: path,
            problem: "the folder holds files wsim did not write (\(shown.joined(separator: ", "))\(more)); wsim only empties "
                + "folders it created (marked by \(markerName)) or empty ones. Name a new or empty folder")
    }

    /// Makes `url` ready for a run's outputs: creates it when missing, empties it when it is wsim's own, and
    /// marks it. Refuses (changing nothing) a folder that holds anything else.
    public static func prepare(_ url: URL, owned: [URL] = []) throws {
        try check(url, owned: owned)
        let path = url.standardizedFileURL.path
        let manager = FileManager.default
        if manager.fileExists(atPath: path) {
            for entry in try manager.contentsOfDirectory(atPath: path) {
                try manager.removeItem(atPath: path + "/" + entry)
            }
        } else {
            try manager.createDirectory(atPath: path, withIntermediateDirectories: true)
        }
        try Data(markerText.utf8).write(to: URL(fileURLWithPath: path + "/" + markerName))
    }

    static func isMarked(_ path: String) -> Bool {
        FileManager.default.fileExists(atPath: path + "/" + markerName)
    }

    static func isInside(_ path: String, _ folders: [URL]) -> Bool {
        folders.contains { path.hasPrefix($0.standardizedFileURL.path + "/") }
    }
}
