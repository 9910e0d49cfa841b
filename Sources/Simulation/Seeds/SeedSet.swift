import Messages
import Foundation
import Worker

/// A folder under `Seeds/`: a world's starting data. `world.yaml` declares the starter, the sites and the
/// users; `messages.yaml` the seeds' test messages by name; `starters/` the site templates.
public struct SeedSet {
    public var name: String
    public var directory: URL
    public var sites: [SeedSite]
    public var users: [SeedUser]
    /// The named messages, in file order.
    public var messages: [(name: String, message: WorkMessage)]
    /// Each site's starter files once read, when the seed set is reused for many runs (a swarm process).
    var starterCache: StarterCache?

    /// The same seed set, reading each site's starter files once for all the runs that use it. For a process
    /// that runs many cases and never changes `Seeds/` meanwhile (a swarm worker).
    public func cachingStarters() -> SeedSet {
        var copy = self
        copy.starterCache = StarterCache()
        return copy
    }

    /// The site's starter files with its placeholders filled in.
    public func starterFiles(_ site: SeedSite) throws(ConfigError) -> [(path: String, contents: Data)] {
        guard let starterCache else { return try StarterFiles.load(site, from: self) }
        return try starterCache.files(site.siteKey) { () throws(ConfigError) in try StarterFiles.load(site, from: self) }
    }

    /// Loads `Seeds/<name>` from the seeds root; errors name the file, line and key.
    public static func load(name: String, seedsRoot: URL) throws(ConfigError) -> SeedSet {
        let directory = seedsRoot.appendingPathComponent(name)
        let display = "Seeds/\(name)"
        guard FileManager.default.fileExists(atPath: directory.appendingPathComponent("world.yaml").path) else {
            throw ConfigError(file: "\(display)/world.yaml", line: nil, key: nil, problem: "no such seed set (looked in \(seedsRoot.path))")
        }
        let world = try ConfigNode.load(directory.appendingPathComponent("world.yaml"), displayName: "\(display)/world.yaml")
        let top = try world.mapping(allowed: ["starter", "sites", "users"])
        let defaultStarter = try top.string("starter")
        var sites: [SeedSite] = []
        for node in try top.required("sites").sequence() {
            let fields = try node.mapping(allowed: ["clientId", "projectId", "siteName", "tagline", "bucket", "starter"])
            let site = SeedSite(
                clientId: try identifier(fields, "clientId"), projectId: try identifier(fields, "projectId"),
                siteName: try fields.string("siteName"), tagline: try fields.optionalString("tagline") ?? "",
                hasBucket: try fields.optionalBool("bucket") ?? true, starter: try fields.optionalString("starter") ?? defaultStarter)
            if sites.contains(where: { $0.siteKey == site.siteKey }) {
                throw node.error("the site \(site.clientId)/\(site.projectId) is declared twice")
            }
            guard FileManager.default.fileExists(atPath: directory.appendingPathComponent(site.starter).path) else {
                var starterNode = try top.required("starter")
                if let own = fields["starter"] { starterNode = own }
                throw starterNode.error("the starter folder \(site.starter) does not exist in \(display)")
            }
            sites.append(site)
        }
        var users: [SeedUser] = []
        for node in try top["users"]?.sequence() ?? [] {
            let fields = try node.mapping(allowed: ["userId", "email"])
            users.append(SeedUser(userId: try fields.string("userId"), email: try fields.string("email")))
        }
        var messages: [(name: String, message: WorkMessage)] = []
        let messagesFile = directory.appendingPathComponent("messages.yaml")
        if FileManager.default.fileExists(atPath: messagesFile.path) {
            let root = try ConfigNode.load(messagesFile, displayName: "\(display)/messages.yaml")
            for (messageName, node) in try root.namedEntries() {
                let fields = try node.mapping(allowed: [
                    "sessionId", "commandId", "chatThreadId", "clientId", "projectId", "instruction", "userId", "timestamp",
                ])
                messages.append((messageName, WorkMessage(
                    sessionId: try fields.string("sessionId"), commandId: try fields.string("commandId"),
                    chatThreadId: try fields.string("chatThreadId"), clientId: try fields.string("clientId"),
                    projectId: try fields.optionalString("projectId"), instruction: try fields.string("instruction"),
                    userId: try fields.string("userId"), timestamp: try fields.optionalString("timestamp"))))
            }
        }
        return SeedSet(name: name, directory: directory, sites: sites, users: users, messages: messages)
    }

    private static func identifier(_ fields: ConfigMapping, _ key: String) throws(ConfigError) -> String {
        let value = try fields.string(key)
        if let problem = SafeIdentifier.problem(with: value) {
            throw try fields.required(key).error("\"\(value)\" is not a safe id: \(problem)")
        }
        return value
    }

    public func site(named name: SiteName) -> SeedSite? { site(clientId: name.clientId, projectId: name.projectId) }

    public func site(clientId: String, projectId: String? = nil) -> SeedSite? {
        sites.first { $0.clientId == clientId && (projectId == nil || $0.projectId == projectId) }
    }

    public func message(named name: String) -> WorkMessage? {
        messages.first { $0.name == name }?.message
    }
}
