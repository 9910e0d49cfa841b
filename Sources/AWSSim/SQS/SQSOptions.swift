import SimKernel

/// How the simulated SQS behaves where AWS leaves room.
public struct SQSOptions: Sendable {
    /// What a short poll (`WaitTimeSeconds` 0) returns when messages are available.
    public enum ShortPoll: Sendable, Equatable {
        /// Every available message up to the maximum (what LocalStack and ElasticMQ do).
        case allAvailable
        /// Like AWS, which samples a subset of its servers: a seeded count between 1 and the maximum
        /// available, and nothing at all with `emptyProbability`.
        case sampled(emptyProbability: Double)
    }

    public var shortPoll: ShortPoll
    /// How long a deleted queue's name stays blocked (AWS: 60 s).
    public var deletedNameCooldown: Duration
    /// The minimum time between two purges of one queue (AWS: 60 s).
    public var purgeCooldown: Duration

    public init(
        shortPoll: ShortPoll = .sampled(emptyProbability: 0), deletedNameCooldown: Duration = .seconds(60),
        purgeCooldown: Duration = .seconds(60)
    ) {
        self.shortPoll = shortPoll
        self.deletedNameCooldown = deletedNameCooldown
        self.purgeCooldown = purgeCooldown
    }
}
