import Foundation

/// A site's starter files with `{{placeholder}}`s filled in, sorted by path, ready to seed its remote.
public enum StarterFiles {
    public static func load(_ site: SeedSite, from seedSet: SeedSet) throws(ConfigError) -> [(path: String, contents: Data)] {
        let root = seedSet.directory.appendingPathComponent(site.starter)
        let display = "Seeds/\(seedSet.name)/\(site.starter)"
        var files: [(path: String, contents: Data)] = []
        for path in listFiles(under: root) {
            let data: Data
            do {
                data = try Data(contentsOf: root.appendingPathComponent(path))
            } catch {
                throw ConfigError(file: "\(display)/\(path)", line: nil, key: nil, problem: "cannot be read: \(error.localizedDescription)")
            }
            guard var text = String(data: data, encoding: .utf8) else {
                files.append((path, data))
                continue
            }
            for (name, value) in site.placeholders { text = text.replacingOccurrences(of: "{{\(name)}}", with: value) }
            if let range = text.range(of: #"\{\{[A-Za-z0-9_]+\}\}"#, options: .regularExpression) {
                let line = text[..<range.lowerBound].filter { $0 == "\n" }.count + 1
                throw ConfigError(
                    file: "\(display)/\(path)", line: line, key: nil,
                    problem: "unknown placeholder \(text[range]) (known: \(site.placeholders.keys.sorted().joined(separator: ", ")))")
            }
            files.append((path, Data(text.utf8)))
        }
        return files
    }

    /// Regular files under `root`, relative, sorted bytewise (DESIGN rule 5).
    static func listFiles(under root: URL) -> [String] {
        guard let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey]) else { return [] }
        var paths: [String] = []
        let base = root.standardizedFileURL.path
        for case let url as URL in enumerator {
            guard (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true else { continue }
            let full = url.standardizedFileURL.path
            paths.append(String(full.dropFirst(base.count + 1)))
        }
        return paths.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }
}
