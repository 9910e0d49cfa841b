import AWSPorts
import AWSSim
import SimKernel
import Worker

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
