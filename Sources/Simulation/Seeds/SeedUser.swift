import Messages

/// A user of a seed set.
public struct SeedUser: Hashable, Sendable {
    public var userId: String
    public var email: String
}
