import AWSPorts
import AWSSim
import SimKernel
import Worker

/// What a fault plan can target: the simulated AWS services, git, the fake tools, and the containers.
public enum FaultTarget: String, CaseIterable, Sendable {
    case sqs, s3, dynamodb, logs, ecs, git, claude, build, container, hermes

    var awsService: AWSServiceName? { AWSServiceName(rawValue: rawValue) }

    /// The operations a rule may name for this target.
    var operations: [String] {
        if let service = awsService { return ServiceOperations.all[service] ?? [] }
        switch self {
        case .git: return GitOperation.allCases.map(\.rawValue)
        case .hermes: return ["CreateSession", "GetSession", "ResumePreview", "Health"]
        default: return []
        }
    }
}
