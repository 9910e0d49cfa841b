/// Git's `url.<base>.insteadOf`, kept outside the repository's config: the workspace records the site's real
/// remote (`https://github.com/webordinary/amelia-stamps.git`) while fetch, push and clone reach the simulation's
/// bare repository on disk. Traces and logs then show the URL a user knows, never a temp path.
public struct RemoteURLRewrites: Hashable, Sendable {
    /// URL prefix to local path prefix.
    public var rewrites: [String: String]

    public init(_ rewrites: [String: String] = [:]) {
        self.rewrites = rewrites
    }

    /// The URL with the longest matching prefix replaced; unchanged when none matches.
    public func resolve(_ url: String) -> String {
        let match = rewrites.keys.filter { url.hasPrefix($0) }.max { $0.count < $1.count }
        guard let prefix = match, let replacement = rewrites[prefix] else { return url }
        return replacement + url.dropFirst(prefix.count)
    }
}
