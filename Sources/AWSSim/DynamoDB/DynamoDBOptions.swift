import SimKernel

/// How the simulated DynamoDB treats items whose TTL has passed.
public struct DynamoDBOptions: Sendable {
    public enum ExpiredItems: Sendable, Equatable {
        /// Expired items are no longer returned or seen by conditions; the reaper deletes them later.
        case hidden
        /// As AWS: expired items are returned (and seen by conditions) until the reaper deletes them.
        case visibleUntilDeleted
    }

    public var expiredItems: ExpiredItems
    /// How long after expiry the reaper deletes an item (AWS: "within a few days"). Drawn from the seed.
    public var ttlDeletionDelay: ClosedRange<Duration>

    public init(expiredItems: ExpiredItems = .hidden, ttlDeletionDelay: ClosedRange<Duration> = .zero ... .zero) {
        self.expiredItems = expiredItems
        self.ttlDeletionDelay = ttlDeletionDelay
    }
}
