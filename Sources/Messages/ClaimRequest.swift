import SimKernel

/// A request on `webordinary-unclaimed` for some container to take a site.
public struct ClaimRequest: Hashable, Sendable {
    public var clientId: String
    public var projectId: String
    /// The session that caused the claim (Hermes sets it), so "Container ready" can be found by session.
    public var sessionId: String?

    public init(clientId: String, projectId: String, sessionId: String? = nil) {
        self.clientId = clientId
        self.projectId = projectId
        self.sessionId = sessionId
    }

    public var siteKey: String { SiteKey(clientId: clientId, projectId: projectId).description }

    /// A claim request is not repeated for a site within this long (Hermes, the autoscaler's wake-ups and the
    /// harness all keep this one rule): a request still waiting will be taken.
    public static let repeatInterval: Duration = .seconds(60)

    public var json: String {
        var object: [String: JSONValue] = [
            "type": .string("claim_request"), "clientId": .string(clientId), "projectId": .string(projectId),
        ]
        if let sessionId { object["sessionId"] = .string(sessionId) }
        return JSONValue.object(object).canonicalText
    }

    public static func parse(_ body: String) -> ClaimRequest? {
        guard let object = (try? JSONValue.parse(body))?.objectValue,
            object["type"]?.stringValue?.lowercased() == "claim_request",
            let client = object["clientId"]?.stringValue, SafeIdentifier.problem(with: client) == nil,
            let project = object["projectId"]?.stringValue, SafeIdentifier.problem(with: project) == nil
        else { return nil }
        return ClaimRequest(clientId: client, projectId: project, sessionId: object["sessionId"]?.stringValue)
    }
}
