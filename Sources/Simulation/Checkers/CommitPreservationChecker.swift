import SimKernel

/// SPEC section 7: no commit lost. Every commit libgit2 made in a workspace during the run is on a branch of
/// its site's remote once the quiet phase is over (a local branch is not enough: the volume is not GitHub),
/// every local branch of every workspace is on the remote (rescue branches and merge commits included), and
/// a response that says `pushSuccess` names a commit that is on its remote branch.
public enum CommitPreservationChecker {
    public static let name = "No commit lost"

    public static func check(_ evidence: RunEvidence) -> CheckResult {
        var problems: [String] = []
        let entries = evidence.run.commits.entries
        for entry in entries {
            guard let site = evidence.site(workspace: entry.workspace) else { continue }
            do {
                let remote = try evidence.openRemote(site)
                if try remote.contains(commit: entry.commit) { continue }
                let local = (try? evidence.workspace(site)?.branchesContain(commit: entry.commit)) == true
                problems.append("commit \(entry.commit.prefix(8)) \"\(entry.subject)\" made on \(entry.branch) at \(entry.at.iso8601) "
                    + "in \(evidence.display(entry.workspace)) is on no branch of the remote"
                    + (local ? " (only on a local branch of the workspace)" : " or the workspace"))
            } catch {
                problems.append("\(error)")
            }
        }
        for site in evidence.world.sites {
            guard let workspace = evidence.workspace(site) else { continue }
            do {
                let remote = try evidence.openRemote(site)
                for (branch, tip) in try workspace.localBranches().sorted(by: { $0.key < $1.key }) where try !remote.contains(commit: tip) {
                    problems.append("\(branch) of the workspace of \(site.seedSite.clientId)/\(site.seedSite.projectId) holds \(tip.prefix(8)), which is on no branch of the remote")
                }
            } catch {
                problems.append("the branches of \(site.seedSite.clientId)/\(site.seedSite.projectId) cannot be compared with its remote: \(error)")
            }
        }
        var named = 0
        for response in evidence.collector.responses where response.work?.pushSuccess == true {
            guard let sha = response.work?.commitSha, let branch = response.work?.branch,
                let site = evidence.site(key: response.siteKey)
            else { continue }
            named += 1
            do {
                if try !evidence.openRemote(site).branch(branch, contains: sha) {
                    problems.append("the response to \(response.commandId ?? "?") says pushSuccess, but its commit \(sha.prefix(8)) "
                        + "is not on \(branch) of the remote")
                }
            } catch {
                problems.append("\(error)")
            }
        }
        if problems.isEmpty {
            return .pass(name, "\(counted(entries.count, "commit")) on the remotes; \(counted(named, "pushed commit")) of responses on their branches")
        }
        return .fail(name, problems.joined(separator: "; "))
    }
}
