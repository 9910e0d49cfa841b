import Foundation
import SimKernel

/// What `wsim swarm` draws fault plans from (`Simulator/swarm-space.yaml` by default, `--space FILE`): a list of
/// weighted choices, each a service, the operations it may hit, the effects it may have, and ranges for how
/// often and when. Only operations the system really calls are allowed, so no drawn plan is vacuous.
public struct FaultSpace: Sendable {
    public var file: String
    public var description: String
    /// How many rules a plan has.
    public var rules: ClosedRange<Int>
    public var choices: [FaultChoice]

    /// The operations the edit containers, the log driver and ECS really perform, by fault target: a fault on
    /// anything else would never fire.
    public static let calledOperations: [FaultTarget: [String]] = [
        .sqs: ["ReceiveMessage", "SendMessage", "DeleteMessage", "ChangeMessageVisibility", "ChangeMessageVisibilityBatch"],
        .s3: ["ListObjectsV2", "PutObject", "GetObject", "DeleteObjects"],
        .dynamodb: ["GetItem", "PutItem", "UpdateItem", "DeleteItem"],
        .logs: ["PutLogEvents"],
        .git: GitOperation.allCases.map(\.rawValue),
        .hermes: ["CreateSession"],
    ]
}

/// One weighted choice of the space.
public struct FaultChoice: Sendable {
    public var line: Int?
    public var weight: Int
    public var service: FaultTarget
    /// One is drawn per rule; empty: every operation.
    public var operations: [String]
    public var effects: [FaultEffectTemplate]
    public var probability: ClosedRange<Double>?
    public var nth: ClosedRange<Int>?
    public var startAfter: ClosedRange<Duration>?
    public var duration: ClosedRange<Duration>?
    /// Scope the rule to one of the case's sites (drawn).
    public var perSite: Bool
    /// DynamoDB: one is drawn per rule; empty: every table.
    public var tables: [String]
    /// AWS: whose calls (`containers`, `logDriver`, `any`).
    public var callers: String?
}

/// An effect with ranges or lists where a plan has one value; a value is drawn for each rule.
public enum FaultEffectTemplate: Sendable, Equatable {
    case error(code: String, statusCode: Int, message: String?)
    case gitError(message: String)
    case latency(ClosedRange<Duration>)
    case failEntries(fraction: ClosedRange<Double>, code: String, statusCode: Int)
    case removeCredentials
    case corrupt(states: [GitCorruption], duringSteps: [FaultStep])
    case remoteURL(String)
    case fail(String)
    case slow(ClosedRange<Double>)
    case stopHalfway
    case crash(duringSteps: [FaultStep])
    case startDelay(ClosedRange<Duration>)
}
