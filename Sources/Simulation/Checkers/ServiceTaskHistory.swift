import AWSPorts
import AWSSim

/// Every task of an ECS service that ECS still knows (running and stopped), described, in creation order.
enum ServiceTaskHistory {
    static func tasks(of service: String, in aws: SimulatedAWS) -> [ECSTask] {
        let ecs = aws.ecs
        let arns = ((try? ecs.listTasks(cluster: WorldNames.cluster, serviceName: service, desiredStatus: .running)) ?? [])
            + ((try? ecs.listTasks(cluster: WorldNames.cluster, serviceName: service, desiredStatus: .stopped)) ?? [])
        var tasks: [ECSTask] = []
        for chunk in stride(from: 0, to: arns.count, by: 100) {
            tasks += (try? ecs.describeTasks(cluster: WorldNames.cluster, tasks: Array(arns[chunk..<min(chunk + 100, arns.count)])).tasks) ?? []
        }
        return tasks.sorted { $0.createdAt == $1.createdAt ? $0.taskArn < $1.taskArn : $0.createdAt < $1.createdAt }
    }
}
