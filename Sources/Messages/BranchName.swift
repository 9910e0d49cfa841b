/// The branch a chat thread works on: `thread-{chatThreadId}`, or the id itself when it already starts with
/// `thread-` (the real system once produced `thread-thread-123`).
public enum BranchName {
    public static func forThread(_ chatThreadId: String) -> String {
        chatThreadId.hasPrefix("thread-") ? chatThreadId : "thread-" + chatThreadId
    }
}
