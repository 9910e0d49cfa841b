import Messages
/// A client site of a seed set.
public struct SeedSite: Hashable, Sendable {
    public var clientId: String
    public var projectId: String
    public var siteName: String
    public var tagline: String
    /// False for a site whose edit bucket is deliberately missing (`invalid-bucket-test`).
    public var hasBucket: Bool
    /// The starter folder, relative to the seed set.
    public var starter: String

    public var siteKey: String { SiteKey(clientId: clientId, projectId: projectId).description }

    /// The values `{{name}}` placeholders in starter files are replaced with.
    public var placeholders: [String: String] {
        ["siteName": siteName, "tagline": tagline, "clientId": clientId, "projectId": projectId]
    }
}
