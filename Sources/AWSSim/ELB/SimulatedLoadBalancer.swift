import AWSPorts
import SimKernel

/// An Application Load Balancer's listener: rules by priority (path and host conditions), target groups of
/// in-process targets, a default action. Requests pass the fault seam and take the `.elb` latency; each is
/// recorded in the event log with the rule that took it and the status. Targets are process objects, so the
/// configuration lives in memory; its changes are in the event log too.
public final class SimulatedLoadBalancer {
    let context: ServiceContext
    public let name: String
    private var rules: [LoadBalancerRule] = []
    private var groups: [String: TargetGroup] = [:]
    public private(set) var defaultAction: RuleAction = .fixedResponse(status: 404, contentType: "text/plain", body: "Not Found")
    /// Called when a request finds a target group with no registered target (the simulation wakes the
    /// service: scale-from-zero stands in for the wake-up function a real deployment would use).
    public var onNoTargets: [String: () -> Void] = [:]

    final class TargetGroup {
        var targets: [(id: String, handler: HTTPHandler)] = []
        var next = 0
    }

    init(context: ServiceContext, name: String) {
        self.context = context
        self.name = name
    }

    var now: Instant { context.now }

    // MARK: Configuration

    public func createTargetGroup(_ name: String) throws(AWSError) {
        guard groups[name] == nil else {
            throw AWSError(code: "DuplicateTargetGroupName", message: "A target group with the same name '\(name)' exists", httpStatus: 400)
        }
        groups[name] = TargetGroup()
        record("CreateTargetGroup", ["targetGroup": name])
    }

    public func registerTarget(targetGroup: String, id: String, handler: HTTPHandler) throws(AWSError) {
        guard let group = groups[targetGroup] else { throw Self.targetGroupNotFound(targetGroup) }
        group.targets.removeAll { $0.id == id }
        group.targets.append((id, handler))
        record("RegisterTargets", ["targetGroup": targetGroup, "target": id])
    }

    public func deregisterTarget(targetGroup: String, id: String) throws(AWSError) {
        guard let group = groups[targetGroup] else { throw Self.targetGroupNotFound(targetGroup) }
        guard group.targets.contains(where: { $0.id == id }) else { return }
        group.targets.removeAll { $0.id == id }
        record("DeregisterTargets", ["targetGroup": targetGroup, "target": id])
    }

    /// Target ids of the group, in registration order.
    public func targets(in targetGroup: String) -> [String] { groups[targetGroup]?.targets.map(\.id) ?? [] }

    public func createRule(_ rule: LoadBalancerRule) throws(AWSError) {
        guard (1...50_000).contains(rule.priority) else {
            throw AWSError(code: "ValidationError", message: "Priority must be between 1 and 50000", httpStatus: 400)
        }
        guard !rules.contains(where: { $0.priority == rule.priority }) else {
            throw AWSError(code: "PriorityInUse", message: "Priority '\(rule.priority)' is currently in use", httpStatus: 400)
        }
        if case .forward(let group) = rule.action, groups[group] == nil { throw Self.targetGroupNotFound(group) }
        rules.append(rule)
        rules.sort { $0.priority < $1.priority }
        record("CreateRule", ["priority": String(rule.priority), "paths": rule.pathPatterns.joined(separator: ","),
                              "hosts": rule.hostPatterns.joined(separator: ",")])
    }

    public func setDefaultAction(_ action: RuleAction) {
        defaultAction = action
        record("ModifyListener", ["default": "\(action)"])
    }

    public var listenerRules: [LoadBalancerRule] { rules }

    // MARK: Requests

    /// The rule that takes the request (nil: the default action).
    public func rule(for request: HTTPRequest) -> LoadBalancerRule? {
        rules.first { $0.matches(request) }
    }

    /// Routes a request and returns the response, as the listener would.
    public func handle(_ request: HTTPRequest) -> HTTPResponse {
        do {
            _ = try context.perform(.elb, "Request", resource: request.pathOnly, readOnly: true) { _, decision in decision }
        } catch {
            return respond(request, .text(error.httpStatus, "\(error.httpStatus) \(error.code)"), rule: nil, target: "fault")
        }
        let matched = rule(for: request)
        switch matched?.action ?? defaultAction {
        case .fixedResponse(let status, let contentType, let body):
            return respond(request, .text(status, body, contentType: contentType), rule: matched, target: "fixed-response")
        case .forward(let groupName):
            guard let group = groups[groupName], !group.targets.isEmpty else {
                onNoTargets[groupName]?()
                return respond(request, .text(503, Self.unavailablePage, contentType: "text/html"), rule: matched, target: groupName)
            }
            let target = group.targets[group.next % group.targets.count]
            group.next += 1
            return respond(request, target.handler.handle(request), rule: matched, target: "\(groupName)/\(target.id)")
        }
    }

    private func respond(_ request: HTTPRequest, _ response: HTTPResponse, rule: LoadBalancerRule?, target: String) -> HTTPResponse {
        record("Request", [
            "method": request.method, "path": request.pathOnly, "rule": rule.map { String($0.priority) } ?? "default",
            "target": target, "status": String(response.status), "upgrade": request.isWebSocketUpgrade ? "websocket" : "",
        ])
        return response
    }

    private func record(_ operation: String, _ keys: [String: String]) {
        let sorted = keys.sorted { $0.key < $1.key }.map { (key: $0.key, value: $0.value) }
        context.recordTimerWork(.elb) { db in
            try context.database.appendEvent(db, service: .elb, operation: operation, at: now, pairs: sorted)
        }
    }

    static func targetGroupNotFound(_ name: String) -> AWSError {
        AWSError(code: "TargetGroupNotFound", message: "One or more target groups not found: \(name)", httpStatus: 400)
    }

    /// The page an ALB answers with when a target group has no healthy target.
    static let unavailablePage = "<html>\r\n<head><title>503 Service Temporarily Unavailable</title></head>\r\n<body>\r\n<center><h1>503 Service Temporarily Unavailable</h1></center>\r\n</body>\r\n</html>\r\n"
}
