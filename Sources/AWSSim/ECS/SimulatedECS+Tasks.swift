import AWSPorts
import SimKernel

extension SimulatedECS {
    public func runTask(_ request: RunTaskRequest) throws(AWSError) -> RunTaskResult {
        try withNotifications { () throws(AWSError) in
            try context.perform(.ecs, "RunTask", resource: request.cluster) { db, _ in
                let clusterId = try existingCluster(db, request.cluster)
                guard (1...10).contains(request.count) else {
                    throw ECSErrors.invalidParameter("count must be between 1 and 10.")
                }
                let definition = try resolveTaskDefinition(db, request.taskDefinition)
                let taskIds = try launch(
                    db, clusterId: clusterId, clusterName: try clusterName(db, id: clusterId), taskDefinition: definition.name,
                    count: request.count, serviceId: nil, group: request.group ?? "family:\(definition.name.split(separator: ":")[0])",
                    startedBy: request.startedBy)
                let tasks = try taskIds.map { id in try ecsTask(db, try taskRow(db, taskId: id)!) }
                return RunTaskResult(tasks: tasks, failures: [])
            }
        }
    }

    public func stopTask(cluster: String, task: String, reason: String?) throws(AWSError) -> ECSTask {
        try withNotifications { () throws(AWSError) in
            try context.perform(.ecs, "StopTask", resource: task) { db, _ in
                let clusterId = try existingCluster(db, cluster)
                guard let row = try taskRow(db, taskId: taskId(from: task)), row.clusterId == clusterId else {
                    throw ECSErrors.invalidParameter("The referenced task was not found.")
                }
                try requestStop(db, row, reason: reason ?? "Task stopped by user", code: .userInitiated)
                if let serviceId = row.serviceId, let service = try serviceRow(db, id: serviceId) { try reconcile(db, service) }
                return try ecsTask(db, try taskRow(db, taskId: row.taskId)!)
            }
        }
    }

    /// Task scale-in protection: a protected task is never stopped by its service scaling in (a container
    /// protects itself while it has work). Returns the ARNs now protected. Ending protection lets a service
    /// that wants fewer tasks scale in at once.
    public func updateTaskProtection(cluster: String, tasks: [String], protectionEnabled: Bool, expiresInMinutes: Int = 120)
        throws(AWSError) -> [String]
    {
        try withNotifications { () throws(AWSError) in
            try context.perform(.ecs, "UpdateTaskProtection", resource: cluster) { db, _ in
                let clusterId = try existingCluster(db, cluster)
                guard (1...2880).contains(expiresInMinutes) else {
                    throw ECSErrors.invalidParameter("expiresInMinutes must be between 1 and 2880.")
                }
                var protected: [String] = []
                var services: [Int64] = []
                for reference in tasks {
                    guard let row = try taskRow(db, taskId: taskId(from: reference)), row.clusterId == clusterId else {
                        throw ECSErrors.invalidParameter("The referenced task was not found.")
                    }
                    if protectionEnabled {
                        let expires = (now + .seconds(Int64(expiresInMinutes) * 60)).nanosecondsSinceUnixEpoch
                        try db.sql("INSERT OR REPLACE INTO ecs_task_protection (task_id, expires_ns) VALUES (?, ?)")
                            .execute(.text(row.taskId), .integer(expires))
                        protected.append(context.account.ecsARN("task/\(try clusterName(db, id: clusterId))/\(row.taskId)"))
                    } else {
                        try db.sql("DELETE FROM ecs_task_protection WHERE task_id = ?").execute(.text(row.taskId))
                        if let serviceId = row.serviceId, !services.contains(serviceId) { services.append(serviceId) }
                        // AWS lists every task it changed, unprotected ones with protectionEnabled false.
                        protected.append(context.account.ecsARN("task/\(try clusterName(db, id: clusterId))/\(row.taskId)"))
                    }
                    try context.database.appendEvent(
                        db, service: .ecs, operation: "UpdateTaskProtection", at: now,
                        keys: ["task": row.taskId, "protected": protectionEnabled ? "true" : "false"])
                }
                for serviceId in services {
                    if let service = try serviceRow(db, id: serviceId) { try reconcile(db, service) }
                }
                return protected
            }
        }
    }

    /// Task ids whose protection has not expired.
    func protectedTaskIds(_ db: DatabaseAccess) throws -> Set<String> {
        Set(try db.sql("SELECT task_id FROM ecs_task_protection WHERE expires_ns > ?").all(.integer(nowNs)) { $0.string(0) })
    }

    public func describeTasks(cluster: String, tasks: [String]) throws(AWSError) -> DescribeTasksResult {
        try context.perform(.ecs, "DescribeTasks", resource: cluster, readOnly: true) { db, _ in
            let clusterId = try existingCluster(db, cluster)
            var found: [ECSTask] = []
            var failures: [ECSFailure] = []
            for reference in tasks {
                if let row = try taskRow(db, taskId: taskId(from: reference)), row.clusterId == clusterId {
                    found.append(try ecsTask(db, row))
                } else {
                    failures.append(ECSFailure(arn: reference, reason: "MISSING"))
                }
            }
            return DescribeTasksResult(tasks: found, failures: failures)
        }
    }

    public func listTasks(cluster: String, serviceName: String?, desiredStatus: TaskStatus?) throws(AWSError) -> [String] {
        try context.perform(.ecs, "ListTasks", resource: cluster, readOnly: true) { db, _ in
            let clusterId = try existingCluster(db, cluster)
            let name = try clusterName(db, id: clusterId)
            let status = (desiredStatus ?? .running).rawValue
            let rows: [TaskRow]
            if let serviceName {
                guard let service = try serviceRow(db, clusterId, self.serviceName(from: serviceName)) else {
                    throw ECSErrors.serviceNotFound()
                }
                rows = try db.sql(dynamic: TaskRow.select + " WHERE service_id = ? AND desired_status = ? ORDER BY task_id")
                    .all(.integer(service.id), .text(status), decode: TaskRow.init(row:))
            } else {
                rows = try db.sql(dynamic: TaskRow.select + " WHERE cluster_id = ? AND desired_status = ? ORDER BY task_id")
                    .all(.integer(clusterId), .text(status), decode: TaskRow.init(row:))
            }
            return rows.map { context.account.ecsARN("task/\(name)/\($0.taskId)") }
        }
    }

    /// The host reports that a task's essential container exited: a crash if ECS had not asked it to stop,
    /// or the end of a graceful shutdown if it had.
    public func containerExited(taskArn: String, exitCode: Int, reason: String) throws(AWSError) {
        try withNotifications { () throws(AWSError) in
            try context.perform(.ecs, "ContainerExited", resource: taskArn) { db, _ in
                guard var row = try taskRow(db, taskId: taskId(from: taskArn)) else {
                    throw ECSErrors.invalidParameter("The referenced task was not found.")
                }
                switch (row.lastStatus, row.desiredStatus) {
                case (.running, .running):
                    row.desiredStatus = .stopped
                    row.stopCode = .essentialContainerExited
                    row.stoppedReason = "Essential container in task exited"
                    row.exitCode = exitCode
                    row.stoppingNs = nowNs
                    row.lastStatus = .stopping
                    row.nextStatus = .deprovisioning
                    row.nextTransitionNs = (now + delays.duration(in: options.deactivating)).nanosecondsSinceUnixEpoch
                    try row.save(db)
                    try recordTransition(db, row, reason)
                    if let serviceId = row.serviceId, let service = try serviceRow(db, id: serviceId) { try reconcile(db, service) }
                case (.stopping, _):
                    row.exitCode = exitCode
                    row.nextStatus = .deprovisioning
                    row.nextTransitionNs = nowNs
                    try row.save(db)
                default:
                    break
                }
            }
        }
    }

    // MARK: Lifecycle

    func taskRow(_ db: DatabaseAccess, taskId: String) throws -> TaskRow? {
        try db.sql(dynamic: TaskRow.select + " WHERE task_id = ?").first(.text(taskId), decode: TaskRow.init(row:))
    }

    func taskId(from reference: String) -> String {
        if let slash = reference.lastIndex(of: "/") { return String(reference[reference.index(after: slash)...]) }
        return reference
    }

    /// Creates tasks in PROVISIONING; returns their ids.
    func launch(
        _ db: DatabaseAccess, clusterId: Int64, clusterName: String, taskDefinition: String, count: Int, serviceId: Int64?,
        group: String?, startedBy: String?
    ) throws -> [String] {
        var launched: [String] = []
        for _ in 0..<count {
            let taskId = ids.hex(count: 32)
            let next = (now + delays.duration(in: options.provisioning)).nanosecondsSinceUnixEpoch
            try db.sql(
                """
                INSERT INTO ecs_task (cluster_id, task_id, task_definition, service_id, task_group, started_by, last_status,
                    desired_status, created_ns, next_status, next_transition_ns)
                VALUES (?, ?, ?, ?, ?, ?, 'PROVISIONING', 'RUNNING', ?, 'PENDING', ?)
                """
            ).execute(
                .integer(clusterId), .text(taskId), .text(taskDefinition), .optionalInteger(serviceId), .optionalText(group),
                .optionalText(startedBy), .integer(nowNs), .integer(next))
            try context.database.appendEvent(
                db, service: .ecs, operation: "TaskStateChange", at: now,
                keys: ["task": taskId, "status": "PROVISIONING", "taskDefinition": taskDefinition])
            launched.append(taskId)
        }
        return launched
    }

    /// Asks a task to stop: a task not yet running is deprovisioned; a running one is deactivated, then sent
    /// SIGTERM when it reaches STOPPING.
    func requestStop(_ db: DatabaseAccess, _ task: TaskRow, reason: String, code: TaskStopCode) throws {
        guard task.desiredStatus == .running else { return }
        var row = task
        row.desiredStatus = .stopped
        row.stoppedReason = reason
        row.stopCode = code
        row.stoppingNs = nowNs
        if row.lastStatus == .running {
            row.lastStatus = .deactivating
            row.nextStatus = .stopping
            row.nextTransitionNs = (now + delays.duration(in: options.deactivating)).nanosecondsSinceUnixEpoch
        } else {
            row.nextStatus = .deprovisioning
            row.nextTransitionNs = (now + delays.duration(in: options.deactivating)).nanosecondsSinceUnixEpoch
        }
        try row.save(db)
        try recordTransition(db, row, reason)
    }

    /// The one timer: fires at the earliest pending transition.
    func scheduleTransitionTimer() {
        guard let next = try? context.database.readAccess({ db in
            try db.sql("SELECT MIN(next_transition_ns) FROM ecs_task WHERE next_transition_ns IS NOT NULL").first { $0.optionalInt64(0) } ?? nil
        }) ?? nil else {
            if let timer = transitionTimer {
                context.scheduler.cancel(timer.id)
                transitionTimer = nil
            }
            return
        }
        let due = max(Instant(nanosecondsSinceUnixEpoch: next), now)
        if let timer = transitionTimer {
            if timer.at == due { return }
            context.scheduler.cancel(timer.id)
        }
        let id = context.scheduler.schedule(at: due, "ecs.task-transitions") { [weak self] in self?.advanceDueTransitions() }
        transitionTimer = (id, due)
    }

    /// Moves every task whose next step is due, in (due, id) order, then lets the affected services react.
    func advanceDueTransitions() {
        transitionTimer = nil
        pendingNotifications.removeAll()
        context.recordTimerWork(.ecs) { db in
            let due = try db.sql(dynamic: TaskRow.select + " WHERE next_transition_ns IS NOT NULL AND next_transition_ns <= ? ORDER BY next_transition_ns, id")
                .all(.integer(nowNs), decode: TaskRow.init(row:))
            var services: [Int64] = []
            for task in due {
                try advance(db, task)
                if let serviceId = task.serviceId, !services.contains(serviceId) { services.append(serviceId) }
            }
            for serviceId in services {
                if let service = try serviceRow(db, id: serviceId) { try reconcile(db, service) }
            }
        }
        scheduleTransitionTimer()
        deliverNotifications()
    }

    private func advance(_ db: DatabaseAccess, _ task: TaskRow) throws {
        guard let next = task.nextStatus else { return }
        var row = task
        row.lastStatus = next
        row.nextStatus = nil
        row.nextTransitionNs = nil
        switch next {
        case .pending:
            row.nextStatus = .activating
            let extra = context.seamLatency(.ecs, Self.taskStartOperation, resource: row.taskId)
            row.nextTransitionNs = (now + delays.duration(in: options.pending) + extra).nanosecondsSinceUnixEpoch
        case .activating:
            row.nextStatus = .running
            row.nextTransitionNs = (now + delays.duration(in: options.activating)).nanosecondsSinceUnixEpoch
        case .running:
            row.startedNs = nowNs
            pendingNotifications.append((.started, row.id))
        case .stopping:
            row.nextStatus = .deprovisioning
            if observer != nil {
                // The host reports the exit; if it does not, ECS kills the container after the stop timeout.
                row.nextTransitionNs = (now + options.stopTimeout).nanosecondsSinceUnixEpoch
                pendingNotifications.append((.askedToStop, row.id))
            } else {
                row.nextTransitionNs = (now + delays.duration(in: options.containerExit)).nanosecondsSinceUnixEpoch
            }
        case .deprovisioning:
            if task.lastStatus == .stopping && row.exitCode == nil && observer != nil {
                row.exitCode = 137
            } else if row.exitCode == nil && task.lastStatus == .stopping {
                row.exitCode = 0
            }
            row.nextStatus = .stopped
            row.nextTransitionNs = (now + delays.duration(in: options.deprovisioning)).nanosecondsSinceUnixEpoch
        case .stopped:
            row.stoppedNs = nowNs
            pendingNotifications.append((.stopped, row.id))
        default:
            break
        }
        try row.save(db)
        try recordTransition(db, row, nil)
    }

    private func recordTransition(_ db: DatabaseAccess, _ row: TaskRow, _ reason: String?) throws {
        try context.database.appendEvent(
            db, service: .ecs, operation: "TaskStateChange", at: now,
            keys: ["task": row.taskId, "status": row.lastStatus.rawValue, "desired": row.desiredStatus.rawValue, "reason": reason ?? ""])
    }
}
