import AWSPorts
import AWSSim
import Fakes
import SimKernel
import Worker

/// The seam's view of the hooks.
final class HookInterceptor: FaultInterceptor {
    unowned let hooks: any FaultHooks

    init(_ hooks: any FaultHooks) {
        self.hooks = hooks
    }

    func decide(_ call: ServiceCall) -> FaultDecision { hooks.decide(call) }
}
