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

/// The git operations a fault can fail.
public enum GitOperation: String, CaseIterable, Sendable {
    case clone, fetch, checkout, commit, push
}

/// A step of a command a one-shot fault can strike in (`duringStep:`), as fault plans name them.
public enum FaultStep: String, CaseIterable, Sendable {
    case `switch`, claude, commit, build, sync, push, respond

    /// The worker's pipeline step it names.
    var pipelineStep: CommandPipeline.Step {
        switch self {
        case .switch: .switchBranch
        case .claude: .claude
        case .commit: .commit
        case .build: .build
        case .sync: .sync
        case .push: .push
        case .respond: .respond
        }
    }
}

/// A broken state a fault leaves in a workspace.
public enum GitCorruption: String, CaseIterable, Sendable {
    case mergeInProgress, rebaseInProgress, cherryPickInProgress, staleIndexLock, detachedHead
}

/// Which calls an AWS fault applies to. Faults model the edit containers' view of AWS: by default they do
/// not touch the harness's own calls (the workload driver, the checkers) or the log driver's.
public enum FaultCallers: String, CaseIterable, Sendable {
    /// Calls made by edit containers (the session workers).
    case containers
    /// Calls made by the awslogs driver shipping container logs.
    case logDriver
    /// Every call.
    case any
}

/// What a fault does.
public enum FaultEffect: Equatable, Sendable {
    /// The call fails with this AWS error.
    case error(AWSError)
    /// The call takes this much longer.
    case latency(Duration)
    /// Each entry of a batch call fails with this probability (drawn from the seed).
    case failEntries(fraction: Double, error: AWSError)
    /// The caller has no credentials: every call fails before it is sent.
    case removeCredentials
    /// The git operation fails with this message.
    case gitError(String)
    /// At `startAfter` (or when a command of the site reaches `duringStep`), the site's workspace is left in
    /// this state (once).
    case corrupt(GitCorruption, duringStep: FaultStep? = nil)
    /// At `startAfter`, the site's workspace `origin` is set to this URL (once).
    case remoteURL(String)
    case toolFail(String)
    case toolSlow(Double)
    case toolStopHalfway
    /// At `startAfter`, the container serving the site (or the first running one) dies with this exit code
    /// (once); with `duringCommand`, at the first second from then on that it is running a command; with
    /// `duringStep`, when a command of the site (the `nth` one to, default the first) reaches that step.
    case crash(exitCode: Int, duringCommand: Bool = false, duringStep: FaultStep? = nil)
    /// ECS tasks created in the window spend this much longer starting (image pull, capacity).
    case startDelay(Duration)

    /// Effects that happen once, at `startAfter`, instead of on matching calls.
    var isOneShot: Bool {
        switch self {
        case .corrupt, .remoteURL, .crash: true
        default: false
        }
    }

    /// The step a one-shot effect waits for, if it names one.
    var duringStep: FaultStep? {
        switch self {
        case .corrupt(_, let step), .crash(_, _, let step): step
        default: nil
        }
    }
}

/// One rule of a fault plan: a target, a window, a selection of calls, an effect.
public struct FaultRule: Sendable {
    public var plan: String
    public var file: String
    public var line: Int?
    public var index: Int
    public var target: FaultTarget
    /// Nil: every operation of the target.
    public var operations: [String]?
    /// Only calls about this site's resources (its queues, bucket, workspace, container).
    public var site: String?
    /// DynamoDB only: only calls on this table.
    public var table: String?
    public var callers: FaultCallers
    public var startAfter: Duration
    /// Nil: until the end of the main phase.
    public var duration: Duration?
    /// Only the nth matching call (1-based).
    public var nth: Int?
    /// Each matching call is hit with this probability, drawn from the seed.
    public var probability: Double?
    public var effect: FaultEffect

    /// `plan[index]` for messages and the trace.
    public var label: String { "\(plan)[\(index)]" }

    /// What the rule says, in one canonical line (not where it was written): its random stream is derived
    /// from this and its position, so renaming or moving a plan file never changes a run.
    public var canonicalText: String {
        var parts = ["#\(index)", target.rawValue, "operations=\(operations?.joined(separator: ",") ?? "*")"]
        if let site { parts.append("site=\(site)") }
        if let table { parts.append("table=\(table)") }
        parts += ["from=\(callers.rawValue)", "after=\(startAfter.wholeMilliseconds)"]
        if let duration { parts.append("for=\(duration.wholeMilliseconds)") }
        if let nth { parts.append("nth=\(nth)") }
        if let probability { parts.append("p=\(probability)") }
        parts.append("effect=\(effect)")
        return parts.joined(separator: " ")
    }
}

/// A fault plan file: a description and its rules.
public struct FaultPlan: Sendable {
    public var name: String
    public var file: String
    public var description: String
    public var rules: [FaultRule]
}
