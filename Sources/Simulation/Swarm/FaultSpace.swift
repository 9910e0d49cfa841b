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

    /// The DynamoDB operations the edit containers really perform on each table (the ledger is read and
    /// updated, never put; the ownership row is never read with GetItem; ...): a choice naming tables and
    /// operations may only draw pairs from here.
    public static let calledTableOperations: [String: [String]] = [
        "webordinary-edit-commands": ["GetItem", "UpdateItem"],
        "webordinary-container-ownership": ["PutItem", "UpdateItem", "DeleteItem"],
        "webordinary-edit-sessions": ["UpdateItem"],
        "webordinary-thread-branches": ["GetItem", "PutItem"],
        "webordinary-containers": ["PutItem", "UpdateItem"],
    ]
}
