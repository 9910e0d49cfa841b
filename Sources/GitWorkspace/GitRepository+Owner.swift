import CGit2
import Foundation
import Worker

extension GitRepository {
    /// `.git/webordinary-owner`: the command whose work the working tree holds, one `key=value` per line.
    var ownerFile: String { gitDirectory + "webordinary-owner" }

    public func owner() throws(RepositoryError) -> WorkspaceOwner? {
        guard let text = try? String(contentsOfFile: ownerFile, encoding: .utf8) else { return nil }
        var fields: [String: String] = [:]
        for line in text.split(separator: "\n") {
            guard let equals = line.firstIndex(of: "=") else { continue }
            fields[String(line[..<equals])] = String(line[line.index(after: equals)...])
        }
        guard let session = fields["session"], let command = fields["command"], let thread = fields["thread"],
            let branch = fields["branch"]
        else { return nil }
        return WorkspaceOwner(sessionId: session, commandId: command, chatThreadId: thread, branch: branch)
    }

    public func setOwner(_ owner: WorkspaceOwner) throws(RepositoryError) {
        let text = "session=\(owner.sessionId)\ncommand=\(owner.commandId)\nthread=\(owner.chatThreadId)\nbranch=\(owner.branch)\n"
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: ownerFile), options: .atomic)
        } catch {
            throw RepositoryError(kind: .other, operation: "record the workspace's owner", message: "\(error)")
        }
    }

    public func commitMessage(_ revision: String) throws(RepositoryError) -> String? {
        guard let commit = try lookupCommit(revision) else { return nil }
        defer { git_commit_free(commit) }
        return git_commit_message(commit).map { String(cString: $0) }
    }
}
