import AWSPorts
import AWSSim
import Hermes
import Logging
import SimKernel

/// A Hermes task as the load balancer's target: its AWS calls are charged to `hermes`, and its log lines are
/// shipped after each request.
final class LoggedTarget: HTTPHandler {
    let service: HermesService
    let shipper: LogShipper
    let aws: SimulatedAWS

    init(service: HermesService, shipper: LogShipper, aws: SimulatedAWS) {
        self.service = service
        self.shipper = shipper
        self.aws = aws
    }

    func handle(_ request: HTTPRequest) -> HTTPResponse {
        let response = aws.latency.withCaller(Caller.hermes.name) { service.handle(request) }
        _ = aws.latency.take(for: Caller.hermes.name)
        shipper.flush()
        return response
    }
}
