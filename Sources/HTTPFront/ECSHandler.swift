import AWSPorts
import AWSSim
import Foundation
import SimKernel

/// ECS in AWS JSON 1.1 (`X-Amz-Target: AmazonEC2ContainerServiceV20141113.<Operation>`).
enum ECSHandler {
    static let contentType = "application/x-amz-json-1.1"

    enum Operation: String, CaseIterable {
        case createCluster = "CreateCluster"
        case describeClusters = "DescribeClusters"
        case registerTaskDefinition = "RegisterTaskDefinition"
        case createService = "CreateService"
        case updateService = "UpdateService"
        case deleteService = "DeleteService"
        case describeServices = "DescribeServices"
        case runTask = "RunTask"
        case stopTask = "StopTask"
        case describeTasks = "DescribeTasks"
        case updateTaskProtection = "UpdateTaskProtection"
        case listTasks = "ListTasks"
    }

    static func handle(_ operationName: String, body: JSONValue, _ context: WireContext) throws(AWSError) -> WireOutcome {
        guard let operation = Operation(rawValue: operationName) else {
            throw WireErrors.unknownOperation(operationName, service: .ecs)
        }
        let answer = try run(operation, try WireInput(body, service: .ecs), context.aws.ecs, account: context.aws.account)
        return .answer(WireResponse(
            status: 200, headers: [("Content-Type", contentType), ("x-amzn-RequestId", context.requestId)],
            body: Data(answer.canonicalText.utf8)))
    }

    static func run(_ operation: Operation, _ input: WireInput, _ ecs: SimulatedECS, account: AWSAccount) throws(AWSError) -> JSONValue {
        // As in AWS, a request without a cluster means the cluster named `default`.
        func cluster() throws(AWSError) -> String { try input.optionalString("cluster") ?? "default" }
        switch operation {
        case .createCluster:
            return .object(["cluster": encode(try ecs.createCluster(try input.optionalString("clusterName") ?? "default"))])
        case .describeClusters:
            let names = try input.stringList("clusters") ?? ["default"]
            let found = try ecs.describeClusters(names)
            let missing = names.filter { name in !found.contains { $0.clusterName == name || $0.clusterArn == name } }
            return .object([
                "clusters": .array(found.map(encode)),
                "failures": .array(missing.map { name in
                    encode(ECSFailure(arn: name.hasPrefix("arn:") ? name : account.ecsARN("cluster/\(name)"), reason: "MISSING"))
                }),
            ])
        case .registerTaskDefinition:
            var containers: [ContainerDefinition] = []
            for container in try input.objectList("containerDefinitions") ?? [] {
                containers.append(ContainerDefinition(
                    name: try container.string("name"), image: try container.string("image"),
                    essential: try container.bool("essential", default: true)))
            }
            let definition = try ecs.registerTaskDefinition(family: try input.string("family"), containerDefinitions: containers)
            return .object(["taskDefinition": encode(definition)])
        case .createService:
            let service = try ecs.createService(CreateServiceRequest(
                cluster: try cluster(), serviceName: try input.string("serviceName"),
                taskDefinition: try input.string("taskDefinition"), desiredCount: try input.optionalInt("desiredCount") ?? 0))
            return .object(["service": encode(service)])
        case .updateService:
            for name in ["taskDefinition", "forceNewDeployment", "capacityProviderStrategy", "networkConfiguration", "loadBalancers"] where input.has(name) {
                throw AWSError(code: "InvalidParameterException", message: "wsim's UpdateService changes desiredCount only; it does not take \(name).")
            }
            guard let desired = try input.optionalInt("desiredCount") else {
                throw AWSError(code: "InvalidParameterException", message: "wsim's UpdateService changes desiredCount only; the request has none.")
            }
            return .object(["service": encode(try ecs.updateService(cluster: try cluster(), service: try input.string("service"), desiredCount: desired))])
        case .deleteService:
            return .object(["service": encode(try ecs.deleteService(
                cluster: try cluster(), service: try input.string("service"), force: try input.bool("force", default: false)))])
        case .describeServices:
            let result = try ecs.describeServices(cluster: try cluster(), services: try input.stringList("services") ?? [])
            return .object(["services": .array(result.services.map(encode)), "failures": .array(result.failures.map(encode))])
        case .runTask:
            let result = try ecs.runTask(RunTaskRequest(
                cluster: try cluster(), taskDefinition: try input.string("taskDefinition"), count: try input.optionalInt("count") ?? 1,
                startedBy: try input.optionalString("startedBy"), group: try input.optionalString("group")))
            return .object(["tasks": .array(result.tasks.map(encode)), "failures": .array(result.failures.map(encode))])
        case .stopTask:
            return .object(["task": encode(try ecs.stopTask(cluster: try cluster(), task: try input.string("task"), reason: try input.optionalString("reason")))])
        case .describeTasks:
            let result = try ecs.describeTasks(cluster: try cluster(), tasks: try input.stringList("tasks") ?? [])
            return .object(["tasks": .array(result.tasks.map(encode)), "failures": .array(result.failures.map(encode))])
        case .updateTaskProtection:
            let enabled = try input.bool("protectionEnabled", default: false)
            let tasks = try input.stringList("tasks") ?? []
            let protected = try ecs.updateTaskProtection(
                cluster: try cluster(), tasks: tasks, protectionEnabled: enabled,
                expiresInMinutes: try input.optionalInt("expiresInMinutes") ?? 120)
            return .object([
                "protectedTasks": .array(protected.map { .object(["taskArn": .string($0), "protectionEnabled": .bool(enabled)]) }),
                "failures": .array([]),
            ])
        case .listTasks:
            var status: TaskStatus?
            if let text = try input.optionalString("desiredStatus") {
                guard let value = TaskStatus(rawValue: text), [.running, .pending, .stopped].contains(value) else {
                    throw AWSError(code: "InvalidParameterException", message: "desiredStatus must be one of RUNNING, PENDING, STOPPED.")
                }
                status = value
            }
            let arns = try ecs.listTasks(cluster: try cluster(), serviceName: try input.optionalString("serviceName"), desiredStatus: status)
            return .object(["taskArns": JSONAnswer.strings(arns)])
        }
    }

    static func encode(_ cluster: ECSCluster) -> JSONValue {
        .object([
            "clusterArn": .string(cluster.clusterArn), "clusterName": .string(cluster.clusterName), "status": .string(cluster.status),
            "runningTasksCount": JSONAnswer.number(cluster.runningTasksCount), "pendingTasksCount": JSONAnswer.number(cluster.pendingTasksCount),
            "activeServicesCount": JSONAnswer.number(cluster.activeServicesCount), "registeredContainerInstancesCount": .number("0"),
        ])
    }

    static func encode(_ definition: TaskDefinition) -> JSONValue {
        .object([
            "taskDefinitionArn": .string(definition.taskDefinitionArn), "family": .string(definition.family),
            "revision": JSONAnswer.number(definition.revision), "status": .string("ACTIVE"),
            "containerDefinitions": .array(definition.containerDefinitions.map { container in
                .object(["name": .string(container.name), "image": .string(container.image), "essential": .bool(container.essential)])
            }),
        ])
    }

    static func encode(_ service: ECSService) -> JSONValue {
        .object([
            "serviceArn": .string(service.serviceArn), "serviceName": .string(service.serviceName), "clusterArn": .string(service.clusterArn),
            "status": .string(service.status), "taskDefinition": .string(service.taskDefinition),
            "desiredCount": JSONAnswer.number(service.desiredCount), "runningCount": JSONAnswer.number(service.runningCount),
            "pendingCount": JSONAnswer.number(service.pendingCount), "createdAt": JSONAnswer.epochSeconds(service.createdAt),
            "launchType": .string("FARGATE"),
            // One PRIMARY deployment, as AWS shows for a service not being redeployed (waiters read it).
            "deployments": .array(service.status == "ACTIVE" ? [.object([
                "id": .string("ecs-svc/" + (service.serviceArn.split(separator: "/").last.map(String.init) ?? service.serviceName)),
                "status": .string("PRIMARY"), "taskDefinition": .string(service.taskDefinition),
                "desiredCount": JSONAnswer.number(service.desiredCount), "runningCount": JSONAnswer.number(service.runningCount),
                "pendingCount": JSONAnswer.number(service.pendingCount), "launchType": .string("FARGATE"),
                "rolloutState": .string(service.isSteady ? "COMPLETED" : "IN_PROGRESS"),
                "createdAt": JSONAnswer.epochSeconds(service.createdAt), "updatedAt": JSONAnswer.epochSeconds(service.createdAt),
            ])] : []),
            "events": .array(service.events.map { event in
                .object(["id": .string(event.id), "createdAt": JSONAnswer.epochSeconds(event.createdAt), "message": .string(event.message)])
            }),
        ])
    }

    static func encode(_ task: ECSTask) -> JSONValue {
        JSONAnswer.object([
            ("taskArn", .string(task.taskArn)), ("clusterArn", .string(task.clusterArn)),
            ("taskDefinitionArn", .string(task.taskDefinitionArn)), ("lastStatus", .string(task.lastStatus.rawValue)),
            ("desiredStatus", .string(task.desiredStatus.rawValue)), ("group", task.group.map { .string($0) }),
            ("startedBy", task.startedBy.map { .string($0) }), ("createdAt", JSONAnswer.epochSeconds(task.createdAt)),
            ("startedAt", task.startedAt.map(JSONAnswer.epochSeconds)), ("stoppingAt", task.stoppingAt.map(JSONAnswer.epochSeconds)),
            ("stoppedAt", task.stoppedAt.map(JSONAnswer.epochSeconds)), ("stoppedReason", task.stoppedReason.map { .string($0) }),
            ("stopCode", task.stopCode.map { .string($0.rawValue) }), ("launchType", .string("FARGATE")),
            ("containers", .array(task.containers.map { container in
                JSONAnswer.object([
                    ("name", .string(container.name)), ("lastStatus", .string(container.lastStatus)),
                    ("exitCode", container.exitCode.map(JSONAnswer.number)), ("reason", container.reason.map { .string($0) }),
                ])
            })),
        ])
    }

    static func encode(_ failure: ECSFailure) -> JSONValue {
        JSONAnswer.object([("arn", .string(failure.arn)), ("reason", .string(failure.reason)), ("detail", failure.detail.map { .string($0) })])
    }
}
