import GitWorkspace
import Messages
import SimKernel
import Worker

/// SPEC section 7: no content of one session in another, and two chat threads never share a branch. Every
/// commit a thread branch of a remote holds beyond `main` names (by its `Session:` trailer, or the `[tag]` of
/// its subject) a session that sent a command on a thread that may work on that branch (its preferred or
/// alternative name), and all of a branch's commits belong to one thread. (Bucket isolation between sites is
/// the bucket checker's: a bucket only ever matches its own site's builds.)
public enum SessionIsolationChecker {
    public static let name = "No content of one session in another"

    public static func check(_ evidence: RunEvidence) -> CheckResult {
        var threadsOfSession: [String: Set<String>] = [:]
        var sessionOfTag: [String: String] = [:]
        for command in evidence.driver.sent {
            threadsOfSession[command.sessionId, default: []].insert(command.chatThreadId)
            sessionOfTag[CommitMessage.tag(command.sessionId)] = command.sessionId
        }
        let workerCommits = Set(evidence.run.commits.entries.map(\.commit))
        var problems: [String] = []
        var checked = 0
        for site in evidence.world.sites {
            guard let remote = evidence.remote(site) else {
                problems.append("the remote of \(site.seedSite.clientId)/\(site.seedSite.projectId) cannot be opened")
                continue
            }
            let branches: [String: String]
            let main: Set<String>
            do {
                branches = try remote.branches()
                main = Set(try remote.commits(on: "main").map(\.id))
            } catch {
                problems.append("the remote of \(site.seedSite.clientId)/\(site.seedSite.projectId) cannot be read: \(error)")
                continue
            }
            for branch in branches.keys.sorted() where branch.hasPrefix("thread-") {
                var threadsOnBranch: Set<String> = []
                let commits: [RemoteCommit]
                do {
                    commits = try remote.commits(on: branch)
                } catch {
                    problems.append("\(branch) of \(site.seedSite.clientId)/\(site.seedSite.projectId) cannot be read: \(error)")
                    continue
                }
                for commit in commits where !main.contains(commit.id) && !isMerge(commit) {
                    checked += 1
                    let where_ = "\(branch) of \(site.seedSite.clientId)/\(site.seedSite.projectId) holds commit \(commit.id.prefix(8)) \"\(commit.subject)\""
                    guard let owner = session(of: commit, tags: sessionOfTag) else {
                        // A commit someone else made in the workspace (a person, a fault) names no session.
                        if workerCommits.contains(commit.id) { problems.append("\(where_), which names no session") }
                        continue
                    }
                    let threads = (threadsOfSession[owner] ?? []).filter { BranchName.candidates(forThread: $0).contains(branch) }
                    if threads.isEmpty {
                        problems.append("\(where_) of session \(owner), which never worked on a thread of that branch")
                    }
                    threadsOnBranch.formUnion(threads)
                }
                if threadsOnBranch.count > 1 {
                    problems.append("threads \(threadsOnBranch.sorted().joined(separator: " and ")) share \(branch) of "
                        + "\(site.seedSite.clientId)/\(site.seedSite.projectId)")
                }
            }
        }
        if problems.isEmpty { return .pass(name, "\(counted(checked, "thread commit")), each of its own thread's sessions") }
        return .fail(name, problems.joined(separator: "; "))
    }

    /// The merge commits a push makes when the remote moved on carry no session.
    static func isMerge(_ commit: RemoteCommit) -> Bool { commit.parents.count > 1 }

    /// The session a commit names: its `Session:` trailer, else the `[tag]` ending its subject.
    static func session(of commit: RemoteCommit, tags: [String: String]) -> String? {
        if let session = CommitMessage.trailers(in: commit.message)["Session"] { return session }
        if commit.subject.hasSuffix("]"), let open = commit.subject.lastIndex(of: "[") {
            let tag = String(commit.subject[commit.subject.index(after: open)..<commit.subject.index(before: commit.subject.endIndex)])
            return tags[tag]
        }
        return nil
    }
}
