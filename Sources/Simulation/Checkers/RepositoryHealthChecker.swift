/// SPEC section 7: no repository left in a corrupt state (merge, rebase or cherry-pick in progress,
/// conflicted index, stale lock, detached HEAD).
public enum RepositoryHealthChecker {
    public static let name = "No repository left corrupt"

    public static func check(_ evidence: RunEvidence) -> CheckResult {
        var problems: [String] = []
        var checked = 0
        for site in evidence.world.sites {
            guard let repository = evidence.workspace(site) else { continue }
            checked += 1
            do {
                let found = try repository.problems()
                if !found.isEmpty {
                    problems.append("the workspace of \(site.seedSite.clientId)/\(site.seedSite.projectId) is left with "
                        + found.map(\.rawValue).joined(separator: ", "))
                }
            } catch {
                problems.append("the workspace of \(site.seedSite.clientId)/\(site.seedSite.projectId) cannot be read: \(error)")
            }
            if evidence.remote(site) == nil {
                problems.append("the remote of \(site.seedSite.clientId)/\(site.seedSite.projectId) cannot be opened")
            }
        }
        if problems.isEmpty { return .pass(name, "\(counted(checked, "workspace")) clean") }
        return .fail(name, problems.joined(separator: "; "))
    }
}
