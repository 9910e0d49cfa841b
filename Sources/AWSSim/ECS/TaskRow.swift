import AWSPorts
import SimKernel

/// One task as stored.
struct TaskRow {
    var id: Int64
    var clusterId: Int64
    var taskId: String
    var taskDefinition: String
    var serviceId: Int64?
    var group: String?
    var startedBy: String?
    var lastStatus: TaskStatus
    var desiredStatus: TaskStatus
    var createdNs: Int64
    var startedNs: Int64?
    var stoppingNs: Int64?
    var stoppedNs: Int64?
    var stoppedReason: String?
    var stopCode: TaskStopCode?
    var exitCode: Int?
    var nextStatus: TaskStatus?
    var nextTransitionNs: Int64?

    static let select = """
        SELECT id, cluster_id, task_id, task_definition, service_id, task_group, started_by, last_status, desired_status,
            created_ns, started_ns, stopping_ns, stopped_ns, stopped_reason, stop_code, exit_code, next_status,
            next_transition_ns FROM ecs_task
        """

    init(row: SQLiteRow) {
        id = row.int64(0)
        clusterId = row.int64(1)
        taskId = row.string(2)
        taskDefinition = row.string(3)
        serviceId = row.optionalInt64(4)
        group = row.optionalString(5)
        startedBy = row.optionalString(6)
        lastStatus = TaskStatus(rawValue: row.string(7)) ?? .stopped
        desiredStatus = TaskStatus(rawValue: row.string(8)) ?? .stopped
        createdNs = row.int64(9)
        startedNs = row.optionalInt64(10)
        stoppingNs = row.optionalInt64(11)
        stoppedNs = row.optionalInt64(12)
        stoppedReason = row.optionalString(13)
        stopCode = row.optionalString(14).flatMap(TaskStopCode.init(rawValue:))
        exitCode = row.optionalInt64(15).map(Int.init)
        nextStatus = row.optionalString(16).flatMap(TaskStatus.init(rawValue:))
        nextTransitionNs = row.optionalInt64(17)
    }

    func save(_ db: DatabaseAccess) throws {
        try db.sql(
            """
            UPDATE ecs_task SET last_status = ?, desired_status = ?, started_ns = ?, stopping_ns = ?, stopped_ns = ?,
                stopped_reason = ?, stop_code = ?, exit_code = ?, next_status = ?, next_transition_ns = ? WHERE id = ?
            """
        ).execute(
            .text(lastStatus.rawValue), .text(desiredStatus.rawValue), .optionalInteger(startedNs), .optionalInteger(stoppingNs),
            .optionalInteger(stoppedNs), .optionalText(stoppedReason), .optionalText(stopCode?.rawValue),
            .optionalInteger(exitCode.map(Int64.init)), .optionalText(nextStatus?.rawValue), .optionalInteger(nextTransitionNs),
            .integer(id))
    }

    func task(clusterName: String, account: AWSAccount, containerNames: [String]) -> ECSTask {
        func instant(_ ns: Int64?) -> Instant? { ns.map { Instant(nanosecondsSinceUnixEpoch: $0) } }
        let containerStatus: String = switch lastStatus {
        case .provisioning, .pending, .activating: "PENDING"
        case .running, .deactivating: "RUNNING"
        default: "STOPPED"
        }
        return ECSTask(
            taskArn: account.ecsARN("task/\(clusterName)/\(taskId)"), clusterArn: account.ecsARN("cluster/\(clusterName)"),
            taskDefinitionArn: account.ecsARN("task-definition/\(taskDefinition)"), lastStatus: lastStatus,
            desiredStatus: desiredStatus, group: group, startedBy: startedBy, createdAt: instant(createdNs)!,
            startedAt: instant(startedNs), stoppingAt: instant(stoppingNs), stoppedAt: instant(stoppedNs),
            stoppedReason: stoppedReason, stopCode: stopCode,
            containers: containerNames.map {
                ECSContainer(name: $0, lastStatus: containerStatus, exitCode: exitCode, reason: stopCode == .essentialContainerExited ? stoppedReason : nil)
            })
    }
}
