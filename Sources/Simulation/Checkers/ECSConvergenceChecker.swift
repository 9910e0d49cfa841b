import AWSPorts

/// SPEC section 7: ECS counts converged: each service runs as many tasks as it wants, none pending.
public enum ECSConvergenceChecker {
    public static let name = "ECS counts converged"

    public static func check(_ evidence: RunEvidence) -> CheckResult {
        guard let described = try? evidence.run.aws.ecs.describeServices(
            cluster: WorldNames.cluster, services: [WorldNames.editService, WorldNames.hermesService])
        else { return .fail(name, "the services of \(WorldNames.cluster) cannot be described") }
        var problems: [String] = []
        var notes: [String] = []
        for service in described.services {
            notes.append("\(service.serviceName) \(service.runningCount)/\(service.desiredCount)")
            if service.runningCount != service.desiredCount || service.pendingCount != 0 {
                problems.append("\(service.serviceName) runs \(service.runningCount) of \(service.desiredCount) tasks with \(service.pendingCount) pending")
            }
        }
        if problems.isEmpty { return .pass(name, notes.joined(separator: ", ")) }
        return .fail(name, problems.joined(separator: "; "))
    }
}
