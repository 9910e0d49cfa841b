import AWSPorts
import AWSSim
import SimKernel
import Testing

/// Records what ECS tells a host, and optionally reports container exits like a well-behaved process.
final class RecordingTaskHost: ECSTaskObserver {
    var started: [String] = []
    var askedToStop: [String] = []
    var stopped: [ECSTask] = []
    var exitOnSIGTERM: Bool
    weak var ecs: SimulatedECS?

    init(exitOnSIGTERM: Bool) { self.exitOnSIGTERM = exitOnSIGTERM }

    func taskDidStartRunning(_ task: ECSTask) { started.append(task.taskId) }

    func taskWasAskedToStop(_ task: ECSTask) {
        askedToStop.append(task.taskId)
        if exitOnSIGTERM { try? ecs?.containerExited(taskArn: task.taskArn, exitCode: 0, reason: "SIGTERM handled") }
    }

    func taskDidStop(_ task: ECSTask) { stopped.append(task) }
}

@Suite("ECS services and tasks")
struct ECSTests {
    let world: TestWorld
    var ecs: SimulatedECS { world.aws.ecs }
    let cluster = "webordinary-edit-cluster"
    let service = "webordinary-edit-service"

    init() throws {
        world = try TestWorld()
        _ = try world.aws.ecs.createCluster("webordinary-edit-cluster")
        _ = try world.aws.ecs.registerTaskDefinition(
            family: "edit", containerDefinitions: [ContainerDefinition(name: "claude-code-astro", image: "webordinary/claude-code-astro")])
        _ = try world.aws.ecs.createService(CreateServiceRequest(
            cluster: "webordinary-edit-cluster", serviceName: "webordinary-edit-service", taskDefinition: "edit", desiredCount: 0))
    }

    func describe() throws -> ECSService {
        try ecs.describeServices(cluster: cluster, services: [service]).services[0]
    }

    func statuses(of taskId: String) throws -> [String] {
        try world.events(service: "ecs").filter { $0.operation == "TaskStateChange" && $0.keys.contains(taskId) }.compactMap { entry in
            entry.keys.split(separator: ",").first { $0.contains("\"status\"") }?.split(separator: ":").last.map { String($0.filter { $0 != "\"" && $0 != "}" }) }
        }
    }

    @Test func clustersAreIdempotentAndMissingOnesAreErrors() throws {
        #expect(try ecs.createCluster(cluster).clusterArn == "arn:aws:ecs:us-west-2:123456789012:cluster/webordinary-edit-cluster")
        #expect(try ecs.describeClusters([cluster]).first?.activeServicesCount == 1)
        _ = expectAWSError("ClusterNotFoundException") { _ = try ecs.describeServices(cluster: "nope", services: [service]) }
    }

    @Test func scaleUpConvergesThroughTheTaskLifecycleWithinTheColdStartWindow() throws {
        let start = world.now
        var described = try ecs.updateService(cluster: cluster, service: service, desiredCount: 1)
        #expect(described.desiredCount == 1 && described.pendingCount == 1 && described.runningCount == 0)
        var readyAt: Instant?
        while readyAt == nil && world.now < start + .seconds(120) {
            world.advance(.seconds(1))
            if try describe().isSteady { readyAt = world.now }
        }
        let cold = try #require(readyAt) - start
        #expect(cold >= .seconds(15) && cold <= .seconds(46), "cold start \(cold)")
        described = try describe()
        #expect(described.runningCount == 1 && described.pendingCount == 0)
        #expect(described.events.map(\.message).contains { $0.contains("has started 1 tasks") })
        #expect(described.events.first?.message == "(service webordinary-edit-service) has reached a steady state.")
        let taskArn = try #require(try ecs.listTasks(cluster: cluster, serviceName: service, desiredStatus: nil).first)
        let task = try #require(try ecs.describeTasks(cluster: cluster, tasks: [taskArn]).tasks.first)
        #expect(task.lastStatus == .running && task.group == "service:webordinary-edit-service")
        #expect(try statuses(of: task.taskId) == ["PROVISIONING", "PENDING", "ACTIVATING", "RUNNING"])
    }

    @Test func scaleDownStopsTasksWithTheServiceSchedulerStopCode() throws {
        _ = try ecs.updateService(cluster: cluster, service: service, desiredCount: 2)
        world.advance(.seconds(60))
        #expect(try describe().runningCount == 2)
        _ = try ecs.updateService(cluster: cluster, service: service, desiredCount: 0)
        world.advance(.seconds(30))
        let described = try describe()
        #expect(described.runningCount == 0 && described.pendingCount == 0 && described.isSteady)
        let stopped = try ecs.listTasks(cluster: cluster, serviceName: service, desiredStatus: .stopped)
        let tasks = try ecs.describeTasks(cluster: cluster, tasks: stopped).tasks
        #expect(tasks.count == 2)
        #expect(tasks.allSatisfy { $0.lastStatus == .stopped && $0.stopCode == .serviceSchedulerInitiated && $0.stoppedAt != nil })
        #expect(try statuses(of: tasks[0].taskId).suffix(4) == ["DEACTIVATING", "STOPPING", "DEPROVISIONING", "STOPPED"])
    }

    @Test func missingServicesAreFailuresNotErrors() throws {
        let result = try ecs.describeServices(cluster: cluster, services: [service, "webordinary-hermes-service"])
        #expect(result.services.map(\.serviceName) == [service])
        #expect(result.failures == [ECSFailure(arn: "arn:aws:ecs:us-west-2:123456789012:service/webordinary-edit-cluster/webordinary-hermes-service", reason: "MISSING")])
        _ = expectAWSError("ServiceNotFoundException") { _ = try ecs.updateService(cluster: cluster, service: "nope", desiredCount: 1) }
        _ = expectAWSError("InvalidParameterException") {
            _ = try ecs.createService(CreateServiceRequest(cluster: cluster, serviceName: service, taskDefinition: "edit", desiredCount: 0))
        }
        _ = try ecs.deleteService(cluster: cluster, service: service, force: false)
        world.advance(.seconds(1))
        _ = expectAWSError("ServiceNotActiveException") { _ = try ecs.updateService(cluster: cluster, service: service, desiredCount: 1) }
        _ = expectAWSError("ClientException") {
            _ = try ecs.runTask(RunTaskRequest(cluster: cluster, taskDefinition: "no-such-family"))
        }
    }

    @Test func runAndStopTasksWithAReason() throws {
        let run = try ecs.runTask(RunTaskRequest(cluster: cluster, taskDefinition: "edit:1", count: 2, startedBy: "hermes"))
        #expect(run.tasks.count == 2 && run.tasks.allSatisfy { $0.lastStatus == .provisioning && $0.desiredStatus == .running })
        #expect(run.tasks[0].taskArn.hasPrefix("arn:aws:ecs:us-west-2:123456789012:task/webordinary-edit-cluster/"))
        world.advance(.seconds(60))
        let stopped = try ecs.stopTask(cluster: cluster, task: run.tasks[0].taskArn, reason: "idle shutdown")
        #expect(stopped.desiredStatus == .stopped && stopped.lastStatus == .deactivating)
        world.advance(.seconds(30))
        let described = try ecs.describeTasks(cluster: cluster, tasks: [run.tasks[0].taskArn, "missing-task"])
        #expect(described.tasks.first?.stoppedReason == "idle shutdown")
        #expect(described.tasks.first?.stopCode == .userInitiated)
        #expect(described.failures.map(\.reason) == ["MISSING"])
        #expect(try ecs.listTasks(cluster: cluster, serviceName: nil, desiredStatus: .running) == [run.tasks[1].taskArn])
        _ = expectAWSError("InvalidParameterException") { _ = try ecs.runTask(RunTaskRequest(cluster: cluster, taskDefinition: "edit", count: 11)) }
    }

    @Test func aHostGetsSIGTERMAndIsKilledAfterTheStopTimeoutIfItDoesNotExit() throws {
        let host = RecordingTaskHost(exitOnSIGTERM: false)
        ecs.observer = host
        let run = try ecs.runTask(RunTaskRequest(cluster: cluster, taskDefinition: "edit"))
        world.advance(.seconds(60))
        #expect(host.started == [run.tasks[0].taskId])
        _ = try ecs.stopTask(cluster: cluster, task: run.tasks[0].taskArn, reason: nil)
        world.advance(.seconds(5))
        #expect(host.askedToStop == [run.tasks[0].taskId])
        #expect(host.stopped.isEmpty, "still within the 30 s stop timeout")
        world.advance(.seconds(40))
        #expect(host.stopped.first?.containers.first?.exitCode == 137, "SIGKILL after the stop timeout")
    }

    @Test func aHostThatExitsOnSIGTERMStopsQuickly() throws {
        let host = RecordingTaskHost(exitOnSIGTERM: true)
        host.ecs = ecs
        ecs.observer = host
        let run = try ecs.runTask(RunTaskRequest(cluster: cluster, taskDefinition: "edit"))
        world.advance(.seconds(60))
        _ = try ecs.stopTask(cluster: cluster, task: run.tasks[0].taskArn, reason: nil)
        world.advance(.seconds(6))
        #expect(host.stopped.first?.containers.first?.exitCode == 0)
    }

    @Test func aCrashedServiceTaskIsReplaced() throws {
        _ = try ecs.updateService(cluster: cluster, service: service, desiredCount: 1)
        world.advance(.seconds(60))
        let first = try #require(try ecs.listTasks(cluster: cluster, serviceName: service, desiredStatus: .running).first)
        try ecs.containerExited(taskArn: first, exitCode: 1, reason: "worker crashed")
        world.advance(.seconds(60))
        let crashed = try #require(try ecs.describeTasks(cluster: cluster, tasks: [first]).tasks.first)
        #expect(crashed.stopCode == .essentialContainerExited && crashed.stoppedReason == "Essential container in task exited")
        #expect(crashed.containers.first?.exitCode == 1)
        let replacement = try ecs.listTasks(cluster: cluster, serviceName: service, desiredStatus: .running)
        #expect(replacement.count == 1 && replacement[0] != first)
        #expect(try describe().runningCount == 1)
    }

    @Test func startDelaysComeFromTheSeed() throws {
        func coldStart(seed: UInt64) throws -> Duration {
            let world = try TestWorld(seed: seed)
            _ = try world.aws.ecs.createCluster("c")
            _ = try world.aws.ecs.registerTaskDefinition(family: "f", containerDefinitions: [ContainerDefinition(name: "x", image: "y")])
            let task = try world.aws.ecs.runTask(RunTaskRequest(cluster: "c", taskDefinition: "f")).tasks[0]
            _ = world.scheduler.run()
            return try #require(try world.aws.ecs.describeTasks(cluster: "c", tasks: [task.taskArn]).tasks.first?.startedAt) - task.createdAt
        }
        #expect(try coldStart(seed: 1) == (try coldStart(seed: 1)))
        #expect(try coldStart(seed: 1) != (try coldStart(seed: 2)))
    }

    @Test func protectedTasksAreNotChosenWhenTheServiceScalesIn() throws {
        _ = try ecs.updateService(cluster: cluster, service: service, desiredCount: 2)
        world.advance(.seconds(60))
        let running = try ecs.listTasks(cluster: cluster, serviceName: service, desiredStatus: .running)
        #expect(running.count == 2)
        let protected = try ecs.updateTaskProtection(cluster: cluster, tasks: [running[0]], protectionEnabled: true, expiresInMinutes: 60)
        #expect(protected == [running[0]])
        _ = try ecs.updateService(cluster: cluster, service: service, desiredCount: 0)
        world.advance(.seconds(30))
        #expect(try ecs.listTasks(cluster: cluster, serviceName: service, desiredStatus: .running) == [running[0]], "only the unprotected task stops")
        // Ending the protection lets the service finish scaling in.
        let unprotected = try ecs.updateTaskProtection(cluster: cluster, tasks: [running[0]], protectionEnabled: false, expiresInMinutes: 60)
        #expect(unprotected == [running[0]], "AWS lists the tasks it unprotected too")
        world.advance(.seconds(30))
        #expect(try describe().runningCount == 0)
        #expect(try world.events(service: "ecs").filter { $0.operation == "UpdateTaskProtection" }.count == 2)
    }

    @Test func aServiceTakesAtMostAWSsQuotaOfTasks() throws {
        let error = expectAWSError("InvalidParameterException") {
            _ = try ecs.updateService(cluster: cluster, service: service, desiredCount: SimulatedECS.maximumDesiredCount + 1)
        }
        #expect(error?.message.contains("5000") == true)
        #expect(try describe().desiredCount == 0, "nothing changed")
    }

    @Test func protectionExpires() throws {
        _ = try ecs.updateService(cluster: cluster, service: service, desiredCount: 1)
        world.advance(.seconds(60))
        let task = try #require(try ecs.listTasks(cluster: cluster, serviceName: service, desiredStatus: .running).first)
        _ = try ecs.updateTaskProtection(cluster: cluster, tasks: [task], protectionEnabled: true, expiresInMinutes: 1)
        world.advance(.seconds(61))
        _ = try ecs.updateService(cluster: cluster, service: service, desiredCount: 0)
        world.advance(.seconds(30))
        #expect(try describe().runningCount == 0)
        _ = expectAWSError("InvalidParameterException") {
            _ = try ecs.updateTaskProtection(cluster: cluster, tasks: [task], protectionEnabled: true, expiresInMinutes: 0)
        }
    }

    @Test func aStartDelayFromTheSeamLengthensTheColdStart() throws {
        world.aws.seam.interceptor = ClosureFaultInterceptor { call in
            call.operation == SimulatedECS.taskStartOperation ? .delay(.seconds(90)) : .proceed
        }
        _ = try ecs.updateService(cluster: cluster, service: service, desiredCount: 1)
        world.advance(.seconds(60))
        #expect(try describe().runningCount == 0, "still pulling its image")
        world.advance(.seconds(80))
        #expect(try describe().runningCount == 1)
    }
}
