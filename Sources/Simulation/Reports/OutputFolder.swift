import Foundation

/// A folder wsim writes a run's outputs into. wsim removes only what it wrote itself: a folder it made holds a
/// `.wsim-run` marker listing every path wsim wrote there, folders and files at any depth (`seal`), and the next
/// run removes the folder's contents only when nothing else is in it. A folder holding anything else (`--out .`
/// in a checkout, a user's notes, even a note dropped into a subfolder of a folder wsim made) is refused and
/// left exactly as it was.
public enum OutputFolder {
    /// The file that marks a folder as wsim's own and lists what wsim wrote in it.
    public static let markerName = ".wsim-run"
    static let header = """
        # This folder was created by wsim. When wsim writes here again it removes the paths listed below, and
        # refuses the folder (changing nothing) if it holds anything not listed.

        """

    /// Whether the outputs in a marked folder were all written and listed (`complete`), or a run was still
    /// writing them (it crashed or was killed), so wsim cannot tell its paths from anyone else's.
    enum State: String {
        case writing, complete
    }

    /// What a marker says.
    struct Marker: Equatable {
        var state: State
        var paths: Set<String>

        var text: String {
            header + "state: \(state.rawValue)\n" + paths.sorted().map { "wrote: \($0)\n" }.joined()
        }

        /// A marker's text; one without a known state (an older wsim's) counts as `writing`.
        static func parse(_ text: String) -> Marker {
            var marker = Marker(state: .writing, paths: [])
            for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
                if line.hasPrefix("state: ") {
                    marker.state = State(rawValue: String(line.dropFirst("state: ".count))) ?? .writing
                } else if line.hasPrefix("wrote: ") {
                    marker.paths.insert(String(line.dropFirst("wrote: ".count)))
                }
            }
            return marker
        }
    }

    /// Why a folder cannot take a run's outputs.
    public struct Refusal: Error, Hashable, Sendable, CustomStringConvertible {
        public var path: String
        public var problem: String

        public var description: String { "\(path): \(problem)" }
    }

    /// Checks, without changing anything, that `url` may take a run's outputs: it is missing, empty, or holds
    /// only paths its marker lists. `owned` folders (wsim's own `.wsim/` in the project) count as wsim's, with
    /// everything in them.
    public static func check(_ url: URL, owned: [URL] = []) throws(Refusal) {
        let path = url.standardizedFileURL.path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return }
        guard isDirectory.boolValue else {
            throw Refusal(path: path, problem: "it is a file, not a folder; wsim writes a run's outputs into a folder")
        }
        if isInside(path, owned) { return }
        let entries: [String]
        do {
            entries = try FileManager.default.contentsOfDirectory(atPath: path).filter { $0 != markerName }.sorted()
        } catch {
            throw Refusal(path: path, problem: "the folder cannot be read (\(ErrorText.line(error)))")
        }
        guard !entries.isEmpty else { return }
        guard isMarked(path) else {
            throw Refusal(
                path: path,
                problem: "the folder holds files wsim did not write (\(shown(entries, in: path))); wsim only empties "
                    + "folders it created (marked by \(markerName)) or empty ones. Name a new or empty folder")
        }
        let marker = try readMarker(path)
        guard marker.state == .complete else {
            throw Refusal(
                path: path,
                problem: "the run that wrote here did not finish, so wsim cannot tell its files from anyone else's "
                    + "(\(shown(entries, in: path))); remove the folder yourself, or name a new one")
        }
        let present: [String]
        do {
            present = try paths(in: path)
        } catch {
            throw Refusal(path: path, problem: "the folder cannot be read (\(ErrorText.line(error)))")
        }
        let unlisted = present.filter { !marker.paths.contains($0) }
        // The outermost of them: a foreign folder, not each file in it.
        let unlistedSet = Set(unlisted)
        let foreign = unlisted.filter { path in
            let parent = path.split(separator: "/").dropLast().joined(separator: "/")
            return parent.isEmpty || !unlistedSet.contains(parent)
        }
        guard foreign.isEmpty else {
            throw Refusal(
                path: path,
                problem: "the folder holds files wsim did not write (\(shown(foreign, in: path))) beside a run's outputs; "
                    + "move them out, or name a new folder")
        }
    }

    /// Makes `url` ready for a run's outputs: creates it when missing, removes what wsim wrote there before, and
    /// marks it as being written. Refuses (changing nothing) a folder that holds anything else. Call `seal` when
    /// the outputs are written.
    public static func prepare(_ url: URL, owned: [URL] = []) throws {
        try check(url, owned: owned)
        let path = url.standardizedFileURL.path
        let manager = FileManager.default
        if manager.fileExists(atPath: path) {
            for entry in try manager.contentsOfDirectory(atPath: path) where entry != markerName {
                try manager.removeItem(atPath: path + "/" + entry)
            }
        } else {
            try manager.createDirectory(atPath: path, withIntermediateDirectories: true)
        }
        try write(Marker(state: .writing, paths: []), to: path)
    }

    /// Records every path now in `url` (or, with `only`, under the top-level entries it accepts) as what wsim
    /// wrote there, so that the next run there removes exactly that. Called once the outputs are written
    /// (again after more are added).
    public static func seal(_ url: URL, only: ((String) -> Bool)? = nil) throws {
        let path = url.standardizedFileURL.path
        let written = try paths(in: path).filter { relative in
            guard let only else { return true }
            return only(String(relative.prefix { $0 != "/" }))
        }
        try write(Marker(state: .complete, paths: Set(written)), to: path)
    }

    /// Every path under `path` (relative, `/`-separated), folders and files at any depth, without following
    /// symbolic links; the top marker left out.
    static func paths(in path: String) throws -> [String] {
        var found: [String] = []
        var folders = [""]
        let manager = FileManager.default
        while let folder = folders.popLast() {
            let absolute = folder.isEmpty ? path : path + "/" + folder
            for entry in try manager.contentsOfDirectory(atPath: absolute) {
                if folder.isEmpty && entry == markerName { continue }
                let relative = folder.isEmpty ? entry : folder + "/" + entry
                found.append(relative)
                let type = try manager.attributesOfItem(atPath: path + "/" + relative)[.type] as? FileAttributeType
                if type == .typeDirectory { folders.append(relative) }
            }
        }
        return found.sorted()
    }

    static func write(_ marker: Marker, to path: String) throws {
        try Data(marker.text.utf8).write(to: URL(fileURLWithPath: path + "/" + markerName), options: .atomic)
    }

    static func readMarker(_ path: String) throws(Refusal) -> Marker {
        do {
            return Marker.parse(try String(contentsOfFile: path + "/" + markerName, encoding: .utf8))
        } catch {
            throw Refusal(path: path, problem: "its \(markerName) cannot be read (\(ErrorText.line(error))); remove the folder yourself, or name a new one")
        }
    }

    /// Up to five paths, folders with a trailing `/`.
    static func shown(_ entries: [String], in path: String) -> String {
        let names = entries.prefix(5).map { entry in
            var isFolder: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: path + "/" + entry, isDirectory: &isFolder)
            return isFolder.boolValue ? entry + "/" : entry
        }
        return names.joined(separator: ", ") + (entries.count > 5 ? " and \(entries.count - 5) more" : "")
    }

    static func isMarked(_ path: String) -> Bool {
        FileManager.default.fileExists(atPath: path + "/" + markerName)
    }

    /// Whether `path` is inside one of `folders`, symbolic links resolved on both sides (a link inside `.wsim/`
    /// to a user's folder does not make that folder wsim's).
    static func isInside(_ path: String, _ folders: [URL]) -> Bool {
        let real = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
        return folders.contains { real.hasPrefix($0.resolvingSymlinksInPath().path + "/") }
    }
}
