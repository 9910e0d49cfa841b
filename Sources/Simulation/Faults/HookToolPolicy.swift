import AWSPorts
import AWSSim
import Fakes
import SimKernel
import Worker

/// The fake tools' view of the hooks.
final class HookToolPolicy: ToolFaultPolicy {
    unowned let hooks: any FaultHooks

    init(_ hooks: any FaultHooks) {
        self.hooks = hooks
    }

    func fault(for tool: ToolKind, workspace: String, at instant: Instant) -> ToolFault? {
        hooks.toolFault(tool, workspace: workspace, at: instant)
    }
}
