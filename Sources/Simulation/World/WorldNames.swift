/// The names SPEC section 1 gives the shared resources and each site's resources.
public enum WorldNames {
    public static let unclaimedQueue = "webordinary-unclaimed"
    public static let sessionsTable = "webordinary-edit-sessions"
    public static let containersTable = "webordinary-containers"
    public static let ownershipTable = "webordinary-container-ownership"
    /// Each command's progress and answer (the worker's `CommandLedger`).
    public static let commandsTable = "webordinary-edit-commands"
    /// Which chat thread owns each branch of a site (the worker's `BranchRegistry`).
    public static let branchesTable = "webordinary-thread-branches"
    public static let editLogGroup = "/ecs/webordinary/edit"
    public static let hermesLogGroup = "/ecs/webordinary/hermes"
    public static let gitHubOrganisation = "https://github.com/webordinary/"
    public static let cluster = "webordinary-edit-cluster"
    public static let editService = "webordinary-edit-service"
    public static let hermesService = "webordinary-hermes-service"
    public static let editTaskFamily = "webordinary-edit"
    public static let hermesTaskFamily = "webordinary-hermes"
    /// SPEC section 1: the edit service scales to at most 3 tasks.
    public static let maxEditTasks = 3

    public static func inputQueue(_ site: SeedSite) -> String { "webordinary-input-\(site.clientId)-\(site.projectId)" }
    public static func outputQueue(_ site: SeedSite) -> String { "webordinary-output-\(site.clientId)-\(site.projectId)" }
    public static func deadLetterQueue(_ site: SeedSite) -> String { "webordinary-dlq-\(site.clientId)-\(site.projectId)" }
    public static func bucket(_ site: SeedSite) -> String { "edit.\(site.clientId).webordinary.com" }
    public static func repository(_ site: SeedSite) -> String { "\(site.clientId)-\(site.projectId).git" }
    public static func remoteURL(_ site: SeedSite) -> String { gitHubOrganisation + repository(site) }
    /// Relative to the simulated persistent volume.
    public static func workspace(_ site: SeedSite) -> String { "\(site.clientId)/\(site.projectId)/project" }
}
