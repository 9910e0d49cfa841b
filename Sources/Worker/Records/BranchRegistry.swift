import AWSPorts
import Messages

/// `webordinary-thread-branches` (hash key `siteKey`, range key `branch`): which chat thread owns each branch
/// of a site. A thread takes its preferred branch name if no other thread owns it (a conditional write decides
/// a race), else its alternative (`BranchName`), so two threads never share a branch.
struct BranchRegistry {
    let aws: WorkerAWS
    let table: String

    /// The thread's branch, claimed for it if it had none. `taken` names the other thread when the preferred
    /// name belonged to it.
    func branch(forThread chatThreadId: String, siteKey: String) throws(AWSError) -> (branch: String, takenBy: String?) {
        var takenBy: String?
        for candidate in BranchName.candidates(forThread: chatThreadId) {
            if let owner = try owner(of: candidate, siteKey: siteKey) {
                if owner == chatThreadId { return (candidate, takenBy) }
                takenBy = takenBy ?? owner
                continue
            }
            do {
                try aws.putItem(PutItemRequest(
                    tableName: table, item: ["siteKey": .s(siteKey), "branch": .s(candidate), "chatThreadId": .s(chatThreadId)],
                    conditionExpression: "attribute_not_exists(branch)"))
                return (candidate, takenBy)
            } catch where error.code == "ConditionalCheckFailedException" {
                // Another container claimed it for some thread a moment ago: look again.
                if try owner(of: candidate, siteKey: siteKey) == chatThreadId { return (candidate, takenBy) }
                takenBy = takenBy ?? "another thread"
            }
        }
        throw AWSError(
            code: "BranchUnavailable", message: "both branch names of thread \(chatThreadId) belong to other threads", httpStatus: 409)
    }

    private func owner(of branch: String, siteKey: String) throws(AWSError) -> String? {
        try aws.getItem(GetItemRequest(tableName: table, key: ["siteKey": .s(siteKey), "branch": .s(branch)], consistentRead: true))?["chatThreadId"]?
            .stringValue
    }
}
