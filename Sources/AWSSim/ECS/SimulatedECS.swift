import AWSPorts
import SimKernel

/// Amazon ECS over SQLite: clusters, task definitions, services whose running and pending counts converge
/// on simulated time, and tasks that move through PROVISIONING, PENDING, ACTIVATING, RUNNING,
/// DEACTIVATING, STOPPING, DEPROVISIONING and STOPPED with seeded delays.
public final class SimulatedECS: ECSAPI {
    let context: ServiceContext
    let options: ECSOptions
    var delays: SeededGenerator
    var ids: IDGenerator
    /// Hears about tasks starting and stopping (the simulation hosts workers in RUNNING tasks).
    public weak var observer: ECSTaskObserver?
    /// The seam operation a task's start is: a fault's latency on it is extra time the task spends PENDING
    /// (pulling its image, waiting for capacity). It is not an API call, so no error applies to it.
    public static let taskStartOperation = "TaskStart"
    var transitionTimer: (id: Scheduler.TimerID, at: Instant)?
    /// Notifications collected inside a transaction, delivered once it commits.
    var pendingNotifications: [(kind: Notification, taskId: Int64)] = []

    enum Notification {
        case started, askedToStop, stopped
    }

    init(context: ServiceContext, options: ECSOptions) {
        self.context = context
        self.options = options
        self.delays = context.random.derive("ecs.delays")
        self.ids = IDGenerator(context.random.derive("ecs.ids"))
    }

    var now: Instant { context.now }
    var nowNs: Int64 { now.nanosecondsSinceUnixEpoch }

    // MARK: Clusters and task definitions

    public func createCluster(_ clusterName: String) throws(AWSError) -> ECSCluster {
        try context.perform(.ecs, "CreateCluster", resource: clusterName) { db, _ in
            guard !clusterName.isEmpty, clusterName.utf8.count <= 255,
                clusterName.utf8.allSatisfy({ isASCIIAlphanumeric($0) || $0 == 45 || $0 == 95 })
            else {
                throw ECSErrors.invalidParameter("Cluster name can only contain letters, numbers, hyphens and underscores (1-255).")
            }
            if try clusterId(db, clusterName) == nil {
                try db.sql("INSERT INTO ecs_cluster (name, created_ns) VALUES (?, ?)").execute(.text(clusterName), .integer(nowNs))
                try context.database.appendEvent(db, service: .ecs, operation: "CreateCluster", at: now, keys: ["cluster": clusterName])
            }
            return try cluster(db, try existingCluster(db, clusterName), name: clusterName)
        }
    }

    public func describeClusters(_ clusters: [String]) throws(AWSError) -> [ECSCluster] {
        try context.perform(.ecs, "DescribeClusters", readOnly: true) { db, _ in
            var out: [ECSCluster] = []
            for reference in clusters {
                let name = clusterName(from: reference)
                if let id = try clusterId(db, name) { out.append(try cluster(db, id, name: name)) }
            }
            return out
        }
    }

    public func registerTaskDefinition(family: String, containerDefinitions: [ContainerDefinition]) throws(AWSError)
        -> TaskDefinition
    {
        try context.perform(.ecs, "RegisterTaskDefinition", resource: family) { db, _ in
            guard !containerDefinitions.isEmpty else {
                throw ECSErrors.client("Container list cannot be empty.")
            }
            let revision = (try db.sql("SELECT MAX(revision) FROM ecs_task_definition WHERE family = ?")
                .first(.text(family)) { $0.optionalInt64(0) } ?? nil).map { Int($0) + 1 } ?? 1
            let containers = JSONValue.array(containerDefinitions.map {
                .object(["name": .string($0.name), "image": .string($0.image), "essential": .bool($0.essential)])
            }).canonicalText
            try db.sql("INSERT INTO ecs_task_definition (family, revision, containers, created_ns) VALUES (?, ?, ?, ?)")
                .execute(.text(family), .int(revision), .text(containers), .integer(nowNs))
            try context.database.appendEvent(
                db, service: .ecs, operation: "RegisterTaskDefinition", at: now, keys: ["taskDefinition": "\(family):\(revision)"])
            return TaskDefinition(
                taskDefinitionArn: context.account.ecsARN("task-definition/\(family):\(revision)"), family: family,
                revision: revision, containerDefinitions: containerDefinitions)
        }
    }

    // MARK: Helpers shared by the extensions

    func clusterId(_ db: DatabaseAccess, _ name: String) throws -> Int64? {
        try db.sql("SELECT id FROM ecs_cluster WHERE name = ?").first(.text(name)) { $0.int64(0) }
    }

    func existingCluster(_ db: DatabaseAccess, _ reference: String) throws -> Int64 {
        guard let id = try clusterId(db, clusterName(from: reference)) else { throw ECSErrors.clusterNotFound() }
        return id
    }

    /// A cluster given by name or ARN.
    func clusterName(from reference: String) -> String {
        if reference.hasPrefix("arn:"), let slash = reference.lastIndex(of: "/") { return String(reference[reference.index(after: slash)...]) }
        return reference
    }

    func clusterName(_ db: DatabaseAccess, id: Int64) throws -> String {
        try db.sql("SELECT name FROM ecs_cluster WHERE id = ?").first(.integer(id)) { $0.string(0) } ?? ""
    }

    /// `family`, `family:revision` or an ARN → `family:revision` of a registered definition.
    func resolveTaskDefinition(_ db: DatabaseAccess, _ reference: String) throws -> (name: String, containers: [String]) {
        var text = reference
        if text.hasPrefix("arn:"), let slash = text.lastIndex(of: "/") { text = String(text[text.index(after: slash)...]) }
        let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
        let row: (Int, String)?
        if parts.count == 2, let revision = Int(parts[1]) {
            row = try db.sql("SELECT revision, containers FROM ecs_task_definition WHERE family = ? AND revision = ?")
                .first(.text(parts[0]), .int(revision)) { ($0.int(0), $0.string(1)) }
        } else {
            row = try db.sql("SELECT revision, containers FROM ecs_task_definition WHERE family = ? ORDER BY revision DESC LIMIT 1")
                .first(.text(parts[0])) { ($0.int(0), $0.string(1)) }
        }
        guard let (revision, containers) = row else { throw ECSErrors.client("Unable to describe task definition.") }
        let names = ((try? JSONValue.parse(containers))?.arrayValue ?? []).compactMap { $0["name"]?.stringValue }
        return ("\(parts[0]):\(revision)", names)
    }

    func containerNames(_ db: DatabaseAccess, _ taskDefinition: String) throws -> [String] {
        (try? resolveTaskDefinition(db, taskDefinition).containers) ?? []
    }

    func ecsTask(_ db: DatabaseAccess, _ row: TaskRow) throws -> ECSTask {
        row.task(
            clusterName: try clusterName(db, id: row.clusterId), account: context.account,
            containerNames: try containerNames(db, row.taskDefinition))
    }

    private func cluster(_ db: DatabaseAccess, _ id: Int64, name: String) throws -> ECSCluster {
        let counts = try db.sql(
            """
            SELECT SUM(CASE WHEN last_status = 'RUNNING' THEN 1 ELSE 0 END),
                SUM(CASE WHEN last_status IN ('PROVISIONING', 'PENDING', 'ACTIVATING') THEN 1 ELSE 0 END)
            FROM ecs_task WHERE cluster_id = ?
            """
        ).first(.integer(id)) { ($0.int(0), $0.int(1)) } ?? (0, 0)
        let services = try db.sql("SELECT COUNT(*) FROM ecs_service WHERE cluster_id = ? AND status = 'ACTIVE'")
            .first(.integer(id)) { $0.int(0) } ?? 0
        return ECSCluster(
            clusterArn: context.account.ecsARN("cluster/\(name)"), clusterName: name, status: "ACTIVE",
            runningTasksCount: counts.0, pendingTasksCount: counts.1, activeServicesCount: services)
    }

    /// Delivers the notifications collected by a committed transaction.
    func deliverNotifications() {
        let notifications = pendingNotifications
        pendingNotifications.removeAll()
        guard let observer, !notifications.isEmpty else { return }
        for notification in notifications {
            guard let task = try? context.database.readAccess({ db in
                try db.sql(dynamic: TaskRow.select + " WHERE id = ?").first(.integer(notification.taskId), decode: TaskRow.init(row:))
                    .map { try ecsTask(db, $0) }
            }) ?? nil else { continue }
            switch notification.kind {
            case .started: observer.taskDidStartRunning(task)
            case .askedToStop: observer.taskWasAskedToStop(task)
            case .stopped: observer.taskDidStop(task)
            }
        }
    }

    /// Runs a body that may queue notifications; drops them if it fails, delivers them if it commits.
    func withNotifications<T>(_ body: () throws(AWSError) -> T) throws(AWSError) -> T {
        pendingNotifications.removeAll()
        let result: T
        do {
            result = try body()
        } catch {
            pendingNotifications.removeAll()
            throw error
        }
        scheduleTransitionTimer()
        deliverNotifications()
        return result
    }
}
