import AWSPorts
import SimKernel

extension SimulatedECS {
    /// AWS's quota of tasks per service.
    public static let maximumDesiredCount = 5000

    public func createService(_ request: CreateServiceRequest) throws(AWSError) -> ECSService {
        try withNotifications { () throws(AWSError) in
            try context.perform(.ecs, "CreateService", resource: request.serviceName) { db, _ in
                let cluster = try existingCluster(db, request.cluster)
                guard request.desiredCount >= 0 else { throw ECSErrors.invalidParameter("desiredCount must be >= 0.") }
                guard request.desiredCount <= Self.maximumDesiredCount else {
                    throw ECSErrors.invalidParameter("desiredCount must be <= \(Self.maximumDesiredCount) (tasks per service).")
                }
                let definition = try resolveTaskDefinition(db, request.taskDefinition)
                if try serviceRow(db, cluster, request.serviceName) != nil {
                    throw ECSErrors.invalidParameter("Creation of service was not idempotent.")
                }
                try db.sql(
                    "INSERT INTO ecs_service (cluster_id, name, status, task_definition, desired_count, created_ns) VALUES (?, ?, 'ACTIVE', ?, ?, ?)"
                ).execute(.integer(cluster), .text(request.serviceName), .text(definition.name), .int(request.desiredCount), .integer(nowNs))
                let service = try serviceRow(db, cluster, request.serviceName)!
                try context.database.appendEvent(
                    db, service: .ecs, operation: "CreateService", at: now,
                    keys: ["service": request.serviceName, "desiredCount": String(request.desiredCount)])
                try reconcile(db, service)
                return try describe(db, try serviceRow(db, cluster, request.serviceName)!)
            }
        }
    }

    /// Sets the desired count; the service then starts or stops tasks, and its counts converge over
    /// simulated time. It does not start a new deployment, as in ECS.
    public func updateService(cluster: String, service: String, desiredCount: Int) throws(AWSError) -> ECSService {
        try withNotifications { () throws(AWSError) in
            try context.perform(.ecs, "UpdateService", resource: service) { db, _ in
                let clusterId = try existingCluster(db, cluster)
                guard let row = try serviceRow(db, clusterId, serviceName(from: service)) else { throw ECSErrors.serviceNotFound() }
                guard row.status == "ACTIVE" else { throw ECSErrors.serviceNotActive() }
                guard desiredCount >= 0 else { throw ECSErrors.invalidParameter("desiredCount must be >= 0.") }
                guard desiredCount <= Self.maximumDesiredCount else {
                    throw ECSErrors.invalidParameter("desiredCount must be <= \(Self.maximumDesiredCount) (tasks per service).")
                }
                try db.sql("UPDATE ecs_service SET desired_count = ? WHERE id = ?").execute(.int(desiredCount), .integer(row.id))
                try context.database.appendEvent(
                    db, service: .ecs, operation: "UpdateService", at: now,
                    keys: ["service": row.name, "desiredCount": String(desiredCount)])
                try reconcile(db, try serviceRow(db, clusterId, row.name)!)
                return try describe(db, try serviceRow(db, clusterId, row.name)!)
            }
        }
    }

    public func deleteService(cluster: String, service: String, force: Bool) throws(AWSError) -> ECSService {
        try withNotifications { () throws(AWSError) in
            try context.perform(.ecs, "DeleteService", resource: service) { db, _ in
                let clusterId = try existingCluster(db, cluster)
                guard let row = try serviceRow(db, clusterId, serviceName(from: service)), row.status != "INACTIVE" else {
                    throw ECSErrors.serviceNotFound()
                }
                if row.desiredCount > 0 && !force {
                    throw ECSErrors.invalidParameter("The service cannot be stopped while it is scaled above 0.")
                }
                try db.sql("UPDATE ecs_service SET status = 'DRAINING', desired_count = 0 WHERE id = ?").execute(.integer(row.id))
                try context.database.appendEvent(db, service: .ecs, operation: "DeleteService", at: now, keys: ["service": row.name])
                try reconcile(db, try serviceRow(db, clusterId, row.name)!)
                return try describe(db, try serviceRow(db, clusterId, row.name)!)
            }
        }
    }

    /// Services that do not exist come back in `failures` with reason MISSING, as in ECS.
    public func describeServices(cluster: String, services: [String]) throws(AWSError) -> DescribeServicesResult {
        try context.perform(.ecs, "DescribeServices", resource: cluster, readOnly: true) { db, _ in
            let clusterId = try existingCluster(db, cluster)
            let name = try clusterName(db, id: clusterId)
            var found: [ECSService] = []
            var failures: [ECSFailure] = []
            for reference in services {
                if let row = try serviceRow(db, clusterId, serviceName(from: reference)) {
                    found.append(try describe(db, row))
                } else {
                    let arn = reference.hasPrefix("arn:") ? reference : context.account.ecsARN("service/\(name)/\(reference)")
                    failures.append(ECSFailure(arn: arn, reason: "MISSING"))
                }
            }
            return DescribeServicesResult(services: found, failures: failures)
        }
    }

    // MARK: Service rows

    struct ServiceRow {
        var id: Int64
        var clusterId: Int64
        var name: String
        var status: String
        var taskDefinition: String
        var desiredCount: Int
        var steady: Bool
        var createdNs: Int64

        init(row: SQLiteRow) {
            id = row.int64(0)
            clusterId = row.int64(1)
            name = row.string(2)
            status = row.string(3)
            taskDefinition = row.string(4)
            desiredCount = row.int(5)
            steady = row.bool(6)
            createdNs = row.int64(7)
        }
    }

    func serviceRow(_ db: DatabaseAccess, _ cluster: Int64, _ name: String) throws -> ServiceRow? {
        try db.sql(
            "SELECT id, cluster_id, name, status, task_definition, desired_count, steady, created_ns FROM ecs_service WHERE cluster_id = ? AND name = ?"
        ).first(.integer(cluster), .text(name), decode: ServiceRow.init(row:))
    }

    func serviceRow(_ db: DatabaseAccess, id: Int64) throws -> ServiceRow? {
        try db.sql(
            "SELECT id, cluster_id, name, status, task_definition, desired_count, steady, created_ns FROM ecs_service WHERE id = ?"
        ).first(.integer(id), decode: ServiceRow.init(row:))
    }

    func serviceName(from reference: String) -> String {
        if reference.hasPrefix("arn:"), let slash = reference.lastIndex(of: "/") { return String(reference[reference.index(after: slash)...]) }
        return reference
    }

    private func counts(_ db: DatabaseAccess, _ serviceId: Int64) throws -> (running: Int, pending: Int) {
        try db.sql(
            """
            SELECT SUM(CASE WHEN last_status = 'RUNNING' THEN 1 ELSE 0 END),
                SUM(CASE WHEN last_status IN ('PROVISIONING', 'PENDING', 'ACTIVATING') AND desired_status = 'RUNNING' THEN 1 ELSE 0 END)
            FROM ecs_task WHERE service_id = ?
            """
        ).first(.integer(serviceId)) { ($0.int(0), $0.int(1)) } ?? (0, 0)
    }

    func describe(_ db: DatabaseAccess, _ row: ServiceRow) throws -> ECSService {
        let (running, pending) = try counts(db, row.id)
        let cluster = try clusterName(db, id: row.clusterId)
        let events = try db.sql(
            "SELECT event_id, created_ns, message FROM ecs_service_event WHERE service_id = ? ORDER BY id DESC LIMIT 100"
        ).all(.integer(row.id)) {
            ServiceEvent(id: $0.string(0), createdAt: Instant(nanosecondsSinceUnixEpoch: $0.int64(1)), message: $0.string(2))
        }
        return ECSService(
            serviceArn: context.account.ecsARN("service/\(cluster)/\(row.name)"), serviceName: row.name,
            clusterArn: context.account.ecsARN("cluster/\(cluster)"), status: row.status,
            taskDefinition: context.account.ecsARN("task-definition/\(row.taskDefinition)"), desiredCount: row.desiredCount,
            runningCount: running, pendingCount: pending, createdAt: Instant(nanosecondsSinceUnixEpoch: row.createdNs),
            events: events)
    }

    /// The service scheduler: starts tasks up to the desired count, stops surplus ones (not yet running,
    /// newest first), and notes when the service reaches a steady state.
    func reconcile(_ db: DatabaseAccess, _ service: ServiceRow) throws {
        guard service.status != "INACTIVE" else { return }
        let desired = service.status == "DRAINING" ? 0 : service.desiredCount
        let active = try db.sql(dynamic: TaskRow.select + " WHERE service_id = ? AND desired_status = 'RUNNING' ORDER BY created_ns, id")
            .all(.integer(service.id), decode: TaskRow.init(row:))
        if active.count < desired {
            let cluster = try clusterName(db, id: service.clusterId)
            let launched = try launch(
                db, clusterId: service.clusterId, clusterName: cluster, taskDefinition: service.taskDefinition,
                count: desired - active.count, serviceId: service.id, group: "service:\(service.name)",
                startedBy: "ecs-svc/\(service.id)")
            try addServiceEvent(db, service, "(service \(service.name)) has started \(launched.count) tasks: "
                + launched.map { "(task \($0))" }.joined(separator: " ") + ".")
        } else if active.count > desired {
            let protected = try protectedTaskIds(db)
            let victims = active.filter { !protected.contains($0.taskId) }.sorted { a, b in
                let aRunning = a.lastStatus == .running
                let bRunning = b.lastStatus == .running
                if aRunning != bRunning { return !aRunning }
                return (a.createdNs, a.id) > (b.createdNs, b.id)
            }.prefix(active.count - desired)
            // Protected tasks are left running; the service scales in further when their protection ends.
            for victim in victims {
                try requestStop(db, victim, reason: "Scaling activity initiated by (deployment ecs-svc/\(service.id))", code: .serviceSchedulerInitiated)
            }
            if !victims.isEmpty {
                try addServiceEvent(db, service, "(service \(service.name)) has stopped \(victims.count) running tasks: "
                    + victims.map { "(task \($0.taskId))" }.joined(separator: " ") + ".")
            }
        }
        let (running, pending) = try counts(db, service.id)
        let steady = running == desired && pending == 0
        if steady && !service.steady {
            try addServiceEvent(db, service, "(service \(service.name)) has reached a steady state.")
        }
        if steady != service.steady {
            try db.sql("UPDATE ecs_service SET steady = ? WHERE id = ?").execute(.bool(steady), .integer(service.id))
        }
        if service.status == "DRAINING" {
            let remaining = try db.sql("SELECT COUNT(*) FROM ecs_task WHERE service_id = ? AND last_status != 'STOPPED'")
                .first(.integer(service.id)) { $0.int(0) } ?? 0
            if remaining == 0 {
                try db.sql("UPDATE ecs_service SET status = 'INACTIVE' WHERE id = ?").execute(.integer(service.id))
            }
        }
    }

    private func addServiceEvent(_ db: DatabaseAccess, _ service: ServiceRow, _ message: String) throws {
        try db.sql("INSERT INTO ecs_service_event (service_id, event_id, created_ns, message) VALUES (?, ?, ?, ?)")
            .execute(.integer(service.id), .text(ids.uuid()), .integer(nowNs), .text(message))
        try context.database.appendEvent(db, service: .ecs, operation: "ServiceEvent", at: now, keys: ["service": service.name, "message": message])
    }
}
