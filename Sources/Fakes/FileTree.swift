import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Regular files under a directory, with their sizes, straight from `readdir` and `stat`: Foundation's
/// directory enumerator with URL resource values cost more than the rest of a build together.
enum FileTree {
    struct Entry {
        /// Relative to the listed directory.
        let path: String
        let size: Int
    }

    /// Sorted bytewise by path (directory order is not deterministic); empty when the directory is missing.
    static func files(under directory: String) -> [Entry] {
        var entries: [Entry] = []
        walk(directory, prefix: "", into: &entries)
        return entries.sorted { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
    }

    private static func walk(_ directory: String, prefix: String, into entries: inout [Entry]) {
        guard let handle = opendir(directory) else { return }
        defer { closedir(handle) }
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(cString: raw.baseAddress!.assumingMemoryBound(to: CChar.self))
            }
            if name == "." || name == ".." { continue }
            let full = directory + "/" + name
            var info = stat()
            guard lstat(full, &info) == 0 else { continue }
            switch info.st_mode & S_IFMT {
            case S_IFDIR: walk(full, prefix: prefix + name + "/", into: &entries)
            case S_IFREG: entries.append(Entry(path: prefix + name, size: Int(info.st_size)))
            default: break
            }
        }
    }
}
