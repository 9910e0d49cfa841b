import Foundation
import Worker

/// Replaces local path prefixes with the names users see.
public struct PathScrubber: Sendable {
    public var replacements: [(String, String)]

    public init(_ replacements: [(String, String)]) {
        // Longest first, so a nested directory wins over its parent.
        self.replacements = replacements.sorted { $0.0.count > $1.0.count }
    }

    public func scrub(_ text: String) -> String {
        var text = text
        for (path, name) in replacements where text.contains(path) { text = text.replacingOccurrences(of: path, with: name) }
        return text
    }

    func scrubbing<T>(_ body: () throws(RepositoryError) -> T) throws(RepositoryError) -> T {
        do {
            return try body()
        } catch {
            var scrubbed = error
            scrubbed.message = scrub(error.message)
            scrubbed.operation = scrub(error.operation)
            throw scrubbed
        }
    }
}
