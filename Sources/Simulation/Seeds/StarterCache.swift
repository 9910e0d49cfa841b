import Foundation

/// Starter files by site, read once (see `SeedSet.cachingStarters`). Used from one thread at a time; the lock
/// keeps it safe if a caller shares it.
final class StarterCache: @unchecked Sendable {
    private let lock = NSLock()
    private var files: [String: [(path: String, contents: Data)]] = [:]

    func files(_ key: String, load: () throws(ConfigError) -> [(path: String, contents: Data)]) throws(ConfigError) -> [(path: String, contents: Data)] {
        lock.lock()
        defer { lock.unlock() }
        if let known = files[key] { return known }
        let loaded = try load()
        files[key] = loaded
        return loaded
    }
}
