import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// An exclusive lock on a server's folder, held for the life of the process: a second `wsim serve` with the
/// same `--out` is refused before it empties the folder under the first one.
public final class FolderLock {
    public static let fileName = ".wsim-serve.lock"
    private let descriptor: Int32

    private init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    /// Fails when another process holds the folder's lock. A folder without a lock file is free.
    public static func checkFree(_ folder: URL) throws {
        let path = folder.appendingPathComponent(fileName).path
        guard FileManager.default.fileExists(atPath: path) else { return }
        let descriptor = open(path, O_RDWR)
        guard descriptor >= 0 else { return }
        defer { close(descriptor) }
        if flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            throw ServeError("another wsim serve is using \(folder.path); stop it, or give this one another --out")
        }
        flock(descriptor, LOCK_UN)
    }

    /// Takes the lock (the folder exists and is wsim's); released when the process ends.
    public static func take(_ folder: URL) throws -> FolderLock {
        let path = folder.appendingPathComponent(fileName).path
        let descriptor = open(path, O_RDWR | O_CREAT, 0o644)
        guard descriptor >= 0 else { throw ServeError("cannot create \(path): \(String(cString: strerror(errno)))") }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            close(descriptor)
            throw ServeError("another wsim serve is using \(folder.path); stop it, or give this one another --out")
        }
        return FolderLock(descriptor: descriptor)
    }

    deinit { close(descriptor) }
}
