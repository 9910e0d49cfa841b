import Messages
import SimKernel

/// Where Hermes finds the shared resources, and its limits.
public struct HermesConfiguration: Sendable {
    public var sessionsTable = "webordinary-edit-sessions"
    public var containersTable = "webordinary-containers"
    public var ownershipTable = "webordinary-container-ownership"
    public var unclaimedQueueURL: String
    public var cluster = "webordinary-edit-cluster"
    public var editService = "webordinary-edit-service"
    /// SPEC section 1: the edit service scales to at most 3 tasks.
    public var maxEditTasks = 3
    /// A claim request is not repeated for a site within this long (`ClaimRequest.repeatInterval`, the rule the
    /// harness and the autoscaler keep too; a setting only so Hermes tests can shorten it).
    public var claimRepeatInterval: Duration = ClaimRequest.repeatInterval

    public init(unclaimedQueueURL: String) {
        self.unclaimedQueueURL = unclaimedQueueURL
    }
}

/// A site as Hermes addresses it.
public struct HermesSite: Hashable, Sendable {
    public var clientId: String
    public var projectId: String
    public var inputQueueURL: String
    /// `edit.{clientId}.webordinary.com`: previews are `https://{host}/session/{chatThreadId}/`.
    public var previewHost: String

    public init(clientId: String, projectId: String, inputQueueURL: String, previewHost: String) {
        self.clientId = clientId
        self.projectId = projectId
        self.inputQueueURL = inputQueueURL
        self.previewHost = previewHost
    }

    public var siteKey: String { SiteKey(clientId: clientId, projectId: projectId).description }
}

/// The clients and users Hermes knows.
public protocol HermesDirectory {
    /// The sites of a client, in a stable order.
    func sites(of clientId: String) -> [HermesSite]
    /// The user id of an email address, if the user is known.
    func userId(forEmail email: String) -> String?
}
