import Foundation

/// Reads and stages edits to a workspace's files; nothing is written until the edits are applied.
struct SiteFiles {
    let root: URL
    private(set) var edits: [(path: String, contents: String)] = []

    init(root: URL) {
        self.root = root
    }

    /// The file as it will be after the staged edits, or nil.
    func read(_ path: String) -> String? {
        if let staged = edits.last(where: { $0.path == path }) { return staged.contents }
        return FileManager.default.contents(atPath: root.appendingPathComponent(path).path).map { String(decoding: $0, as: UTF8.self) }
    }

    mutating func write(_ path: String, _ contents: String) {
        if let index = edits.firstIndex(where: { $0.path == path }) {
            edits[index].contents = contents
        } else {
            edits.append((path, contents))
        }
    }

    /// Writes the first `count` staged edits to disk; returns their paths.
    func apply(count: Int) -> [String] {
        var written: [String] = []
        for edit in edits.prefix(count) {
            let url = root.appendingPathComponent(edit.path)
            try? FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try? Data(edit.contents.utf8).write(to: url)
            written.append(edit.path)
        }
        return written
    }
}

extension String {
    /// Inserts `text` before the last occurrence of `marker` (or appends it when the marker is missing).
    func inserting(_ text: String, before marker: String) -> String {
        guard let range = range(of: marker, options: .backwards) else { return self + text }
        return replacingCharacters(in: range.lowerBound..<range.lowerBound, with: text)
    }

    /// HTML-escaped for text and attribute values.
    var htmlEscaped: String {
        replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
            .replacingOccurrences(of: "{", with: "&#123;").replacingOccurrences(of: "}", with: "&#125;")
    }
}
