/// A site's identity, `{clientId}#{projectId}`: the ownership table's key, and the key of every map of sites.
/// Formatted and parsed here only.
public struct SiteKey: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let clientId: String
    public let projectId: String

    public init(clientId: String, projectId: String) {
        self.clientId = clientId
        self.projectId = projectId
    }

    /// Parses `client#project`; nil for anything else.
    public init?(_ text: String) {
        guard let mark = text.firstIndex(of: "#") else { return nil }
        let client = String(text[..<mark]), project = String(text[text.index(after: mark)...])
        guard !client.isEmpty, !project.isEmpty, !project.contains("#") else { return nil }
        self.init(clientId: client, projectId: project)
    }

    public var description: String { "\(clientId)#\(projectId)" }

    /// `client/project`, as people write a site in scenarios, fault plans and reports.
    public var path: String { "\(clientId)/\(projectId)" }

    public static func < (lhs: SiteKey, rhs: SiteKey) -> Bool { lhs.description < rhs.description }
}

/// A site as people name it in scenarios and fault plans: `client` (the client's only site) or `client/project`.
public struct SiteName: Hashable, Sendable, CustomStringConvertible {
    public let clientId: String
    public let projectId: String?

    public init(_ text: String) {
        if let slash = text.firstIndex(of: "/") {
            clientId = String(text[..<slash])
            projectId = String(text[text.index(after: slash)...])
        } else {
            clientId = text
            projectId = nil
        }
    }

    public var description: String { projectId.map { "\(clientId)/\($0)" } ?? clientId }
}
