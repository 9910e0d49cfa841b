import SimKernel

/// SPEC section 7: no commit lost. Every commit libgit2 made during the run is on a branch of its site's
/// remote or still on a local branch of the workspace.
public enum CommitPreservationChecker {
    public static let name = "No commit lost"

    public static func check(_ evidence: RunEvidence) -> CheckResult {
        var lost: [String] = []
        var onRemote = 0
        for entry in evidence.run.commits.entries {
            guard let site = evidence.site(workspace: entry.workspace) else { continue }
            if (try? evidence.remote(site)?.contains(commit: entry.commit)) == true {
                onRemote += 1
            } else if (try? evidence.workspace(site)?.branchesContain(commit: entry.commit)) != true {
                lost.append("commit \(entry.commit.prefix(8)) \"\(entry.subject)\" made on \(entry.branch) at \(entry.at.iso8601) "
                    + "in \(evidence.display(entry.workspace)) is on no branch of the remote or the workspace")
            }
        }
        let total = evidence.run.commits.entries.count
        if lost.isEmpty { return .pass(name, "\(counted(total, "commit")), \(onRemote) on the remotes, \(total - onRemote) only on local branches") }
        return .fail(name, lost.joined(separator: "; "))
    }
}
