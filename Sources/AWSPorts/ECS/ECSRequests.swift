import SimKernel

/// The ECS task lifecycle (AWS "Task lifecycle"): each task moves forward through these, never back.
public enum TaskStatus: String, Comparable, CaseIterable, Sendable {
    case provisioning = "PROVISIONING"
    case pending = "PENDING"
    case activating = "ACTIVATING"
    case running = "RUNNING"
    case deactivating = "DEACTIVATING"
    case stopping = "STOPPING"
    case deprovisioning = "DEPROVISIONING"
    case stopped = "STOPPED"

    var order: Int { Self.allCases.firstIndex(of: self)! }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.order < rhs.order }

    /// Counted in a service's `pendingCount` (started, not yet running).
    public var isPending: Bool { self == .provisioning || self == .pending || self == .activating }
}

/// Why a task stopped (`stopCode`).
public enum TaskStopCode: String, Sendable {
    case userInitiated = "UserInitiated"
    case serviceSchedulerInitiated = "ServiceSchedulerInitiated"
    case essentialContainerExited = "EssentialContainerExited"
    case taskFailedToStart = "TaskFailedToStart"
}

public struct ContainerDefinition: Hashable, Sendable {
    public var name: String
    public var image: String
    public var essential: Bool

    public init(name: String, image: String, essential: Bool = true) {
        self.name = name
        self.image = image
        self.essential = essential
    }
}

public struct TaskDefinition: Hashable, Sendable {
    public var taskDefinitionArn: String
    public var family: String
    public var revision: Int
    public var containerDefinitions: [ContainerDefinition]

    public init(taskDefinitionArn: String, family: String, revision: Int, containerDefinitions: [ContainerDefinition]) {
        self.taskDefinitionArn = taskDefinitionArn
        self.family = family
        self.revision = revision
        self.containerDefinitions = containerDefinitions
    }
}

public struct ECSCluster: Hashable, Sendable {
    public var clusterArn: String
    public var clusterName: String
    public var status: String
    public var runningTasksCount: Int
    public var pendingTasksCount: Int
    public var activeServicesCount: Int

    public init(clusterArn: String, clusterName: String, status: String, runningTasksCount: Int,
                pendingTasksCount: Int, activeServicesCount: Int) {
        self.clusterArn = clusterArn
        self.clusterName = clusterName
        self.status = status
        self.runningTasksCount = runningTasksCount
        self.pendingTasksCount = pendingTasksCount
        self.activeServicesCount = activeServicesCount
    }
}

public struct ServiceEvent: Hashable, Sendable {
    public var id: String
    public var createdAt: Instant
    public var message: String

    public init(id: String, createdAt: Instant, message: String) {
        self.id = id
        self.createdAt = createdAt
        self.message = message
    }
}

public struct ECSService: Hashable, Sendable {
    public var serviceArn: String
    public var serviceName: String
    public var clusterArn: String
    /// `ACTIVE`, `DRAINING` or `INACTIVE`.
    public var status: String
    public var taskDefinition: String
    public var desiredCount: Int
    /// Tasks in RUNNING.
    public var runningCount: Int
    /// Tasks started but not yet RUNNING (PROVISIONING, PENDING, ACTIVATING).
    public var pendingCount: Int
    public var createdAt: Instant
    /// Newest first, at most 100.
    public var events: [ServiceEvent]

    public init(
        serviceArn: String, serviceName: String, clusterArn: String, status: String, taskDefinition: String,
        desiredCount: Int, runningCount: Int, pendingCount: Int, createdAt: Instant, events: [ServiceEvent]
    ) {
        self.serviceArn = serviceArn
        self.serviceName = serviceName
        self.clusterArn = clusterArn
        self.status = status
        self.taskDefinition = taskDefinition
        self.desiredCount = desiredCount
        self.runningCount = runningCount
        self.pendingCount = pendingCount
        self.createdAt = createdAt
        self.events = events
    }

    /// Running equals desired and nothing is pending: what `waitForServiceStable` waits for.
    public var isSteady: Bool { runningCount == desiredCount && pendingCount == 0 }
}

/// A resource an ECS call could not find or act on: returned, not thrown (`DescribeServices`, `RunTask`).
public struct ECSFailure: Hashable, Sendable {
    public var arn: String
    public var reason: String
    public var detail: String?

    public init(arn: String, reason: String, detail: String? = nil) {
        self.arn = arn
        self.reason = reason
        self.detail = detail
    }
}

public struct ECSContainer: Hashable, Sendable {
    public var name: String
    public var lastStatus: String
    public var exitCode: Int?
    public var reason: String?

    public init(name: String, lastStatus: String, exitCode: Int?, reason: String?) {
        self.name = name
        self.lastStatus = lastStatus
        self.exitCode = exitCode
        self.reason = reason
    }
}

public struct ECSTask: Hashable, Sendable {
    public var taskArn: String
    public var clusterArn: String
    public var taskDefinitionArn: String
    public var lastStatus: TaskStatus
    /// `RUNNING` or `STOPPED`.
    public var desiredStatus: TaskStatus
    /// `service:{name}` for service tasks, as in ECS.
    public var group: String?
    public var startedBy: String?
    public var createdAt: Instant
    public var startedAt: Instant?
    public var stoppingAt: Instant?
    public var stoppedAt: Instant?
    public var stoppedReason: String?
    public var stopCode: TaskStopCode?
    public var containers: [ECSContainer]

    public init(
        taskArn: String, clusterArn: String, taskDefinitionArn: String, lastStatus: TaskStatus,
        desiredStatus: TaskStatus, group: String?, startedBy: String?, createdAt: Instant, startedAt: Instant?,
        stoppingAt: Instant?, stoppedAt: Instant?, stoppedReason: String?, stopCode: TaskStopCode?,
        containers: [ECSContainer]
    ) {
        self.taskArn = taskArn
        self.clusterArn = clusterArn
        self.taskDefinitionArn = taskDefinitionArn
        self.lastStatus = lastStatus
        self.desiredStatus = desiredStatus
        self.group = group
        self.startedBy = startedBy
        self.createdAt = createdAt
        self.startedAt = startedAt
        self.stoppingAt = stoppingAt
        self.stoppedAt = stoppedAt
        self.stoppedReason = stoppedReason
        self.stopCode = stopCode
        self.containers = containers
    }

    /// The task id: the last path component of the ARN.
    public var taskId: String { String(taskArn.split(separator: "/").last ?? "") }
}

public struct CreateServiceRequest: Sendable {
    public var cluster: String
    public var serviceName: String
    public var taskDefinition: String
    public var desiredCount: Int

    public init(cluster: String, serviceName: String, taskDefinition: String, desiredCount: Int) {
        self.cluster = cluster
        self.serviceName = serviceName
        self.taskDefinition = taskDefinition
        self.desiredCount = desiredCount
    }
}

public struct RunTaskRequest: Sendable {
    public var cluster: String
    public var taskDefinition: String
    /// 1 to 10.
    public var count: Int
    public var startedBy: String?
    public var group: String?

    public init(cluster: String, taskDefinition: String, count: Int = 1, startedBy: String? = nil,
                group: String? = nil) {
        self.cluster = cluster
        self.taskDefinition = taskDefinition
        self.count = count
        self.startedBy = startedBy
        self.group = group
    }
}

public struct RunTaskResult: Hashable, Sendable {
    public var tasks: [ECSTask]
    public var failures: [ECSFailure]

    public init(tasks: [ECSTask], failures: [ECSFailure]) {
        self.tasks = tasks
        self.failures = failures
    }
}

public struct DescribeServicesResult: Hashable, Sendable {
    public var services: [ECSService]
    /// Services that do not exist come back here with reason `MISSING`; it is not an error.
    public var failures: [ECSFailure]

    public init(services: [ECSService], failures: [ECSFailure]) {
        self.services = services
        self.failures = failures
    }
}

public struct DescribeTasksResult: Hashable, Sendable {
    public var tasks: [ECSTask]
    public var failures: [ECSFailure]

    public init(tasks: [ECSTask], failures: [ECSFailure]) {
        self.tasks = tasks
        self.failures = failures
    }
}
