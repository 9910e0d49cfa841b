import SimKernel

/// The branch a chat thread works on. A thread first asks for its preferred name: `thread-{chatThreadId}`, or
/// the id itself when it already starts with `thread-` (the seeds' names; the real system once produced
/// `thread-thread-123`). Two threads can prefer the same name (`collide` and `thread-collide`), so the worker
/// records which thread owns a branch, and a thread whose preferred name is taken works on its alternative,
/// `{preferred}+{8 hex digits of a stable hash of the id}`: a thread id never contains `+`, so an alternative
/// never equals a preferred name, and the hash tells alternatives apart.
public enum BranchName {
    public static func preferred(forThread chatThreadId: String) -> String {
        chatThreadId.hasPrefix("thread-") ? chatThreadId : "thread-" + chatThreadId
    }

    public static func alternative(forThread chatThreadId: String) -> String {
        let hash = StableHash.mix64(StableHash.fnv1a64(chatThreadId))
        let hex = String(hash >> 32, radix: 16)
        return preferred(forThread: chatThreadId) + "+" + String(repeating: "0", count: 8 - hex.count) + hex
    }

    /// The names a thread may work on, in the order it asks for them.
    public static func candidates(forThread chatThreadId: String) -> [String] {
        [preferred(forThread: chatThreadId), alternative(forThread: chatThreadId)]
    }
}
