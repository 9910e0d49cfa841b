import Messages
import AWSPorts
import AWSSim
import Fakes
import Foundation
import GitWorkspace
import Hermes
import Logging
import SimKernel
import Worker

/// Lets the run change the tool fault policy after the fakes were created.
final class ForwardingToolFaultPolicy: ToolFaultPolicy {
    var policy: ToolFaultPolicy?

    func fault(for tool: ToolKind, workspace: String, at instant: Instant) -> ToolFault? {
        policy?.fault(for: tool, workspace: workspace, at: instant)
    }
}
