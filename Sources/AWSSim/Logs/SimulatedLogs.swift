import AWSPorts
import SimKernel

/// Amazon CloudWatch Logs over SQLite: groups, streams, PutLogEvents with AWS's batch and age rules,
/// GetLogEvents paging with forward and backward tokens, and FilterLogEvents with filter patterns.
public final class SimulatedLogs: CloudWatchLogsAPI {
    let context: ServiceContext

    static let retentionDays: Set<Int> = [
        1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
    ]

    init(context: ServiceContext) {
        self.context = context
    }

    var now: Instant { context.now }
    var nowMs: Int64 { now.unixMilliseconds }

    public func createLogGroup(_ logGroupName: String) throws(AWSError) {
        try context.perform(.logs, "CreateLogGroup", resource: logGroupName) { db, _ in
            try validateGroupName(logGroupName)
            if try groupId(db, logGroupName) != nil { throw LogsErrors.groupExists() }
            try db.sql("INSERT INTO logs_group (name, created_ms) VALUES (?, ?)").execute(.text(logGroupName), .integer(nowMs))
            try context.database.appendEvent(db, service: .logs, operation: "CreateLogGroup", at: now, keys: ["group": logGroupName])
        }
    }

    public func deleteLogGroup(_ logGroupName: String) throws(AWSError) {
        try context.perform(.logs, "DeleteLogGroup", resource: logGroupName) { db, _ in
            let id = try existingGroup(db, logGroupName)
            try db.sql("DELETE FROM logs_event WHERE group_id = ?").execute(.integer(id))
            try db.sql("DELETE FROM logs_stream WHERE group_id = ?").execute(.integer(id))
            try db.sql("DELETE FROM logs_group WHERE id = ?").execute(.integer(id))
            try context.database.appendEvent(db, service: .logs, operation: "DeleteLogGroup", at: now, keys: ["group": logGroupName])
        }
    }

    public func describeLogGroups(prefix: String?) throws(AWSError) -> [LogGroup] {
        try context.perform(.logs, "DescribeLogGroups", readOnly: true) { db, _ in
            let rows = try db.sql(
                """
                SELECT g.name, g.created_ms, g.retention_days, COALESCE(SUM(s.stored_bytes), 0)
                FROM logs_group g LEFT JOIN logs_stream s ON s.group_id = g.id GROUP BY g.id ORDER BY g.name
                """
            ).all {
                LogGroup(
                    logGroupName: $0.string(0), arn: context.account.logGroupARN($0.string(0)) + ":*",
                    creationTime: $0.int64(1), retentionInDays: $0.optionalInt64(2).map(Int.init), storedBytes: $0.int(3))
            }
            guard let prefix else { return rows }
            return rows.filter { $0.logGroupName.utf8.starts(with: prefix.utf8) }
        }
    }

    public func putRetentionPolicy(logGroupName: String, retentionInDays: Int) throws(AWSError) {
        try context.perform(.logs, "PutRetentionPolicy", resource: logGroupName) { db, _ in
            let id = try existingGroup(db, logGroupName)
            guard Self.retentionDays.contains(retentionInDays) else {
                throw LogsErrors.invalidParameter(
                    "1 validation error detected: Value '\(retentionInDays)' at 'retentionInDays' failed to satisfy constraint: Member must satisfy enum value set: \(Self.retentionDays.sorted())")
            }
            try db.sql("UPDATE logs_group SET retention_days = ? WHERE id = ?").execute(.int(retentionInDays), .integer(id))
            try context.database.appendEvent(
                db, service: .logs, operation: "PutRetentionPolicy", at: now,
                keys: ["group": logGroupName, "days": String(retentionInDays)])
        }
    }

    public func createLogStream(logGroupName: String, logStreamName: String) throws(AWSError) {
        try context.perform(.logs, "CreateLogStream", resource: logGroupName) { db, _ in
            let group = try existingGroup(db, logGroupName)
            guard !logStreamName.isEmpty, logStreamName.utf8.count <= 512, !logStreamName.contains(":"),
                !logStreamName.contains("*")
            else {
                throw LogsErrors.invalidParameter("Log stream name must be 1 to 512 characters without ':' or '*': \(logStreamName)")
            }
            if try streamId(db, group, logStreamName) != nil { throw LogsErrors.streamExists() }
            try db.sql("INSERT INTO logs_stream (group_id, name, created_ms) VALUES (?, ?, ?)")
                .execute(.integer(group), .text(logStreamName), .integer(nowMs))
            try context.database.appendEvent(
                db, service: .logs, operation: "CreateLogStream", at: now, keys: ["group": logGroupName, "stream": logStreamName])
        }
    }

    public func describeLogStreams(logGroupName: String, prefix: String?, orderBy: LogStreamOrder, descending: Bool)
        throws(AWSError) -> [LogStream]
    {
        try context.perform(.logs, "DescribeLogStreams", resource: logGroupName, readOnly: true) { db, _ in
            let group = try existingGroup(db, logGroupName)
            if prefix != nil && orderBy == .lastEventTime {
                throw LogsErrors.invalidParameter("Cannot order by LastEventTime with a logStreamNamePrefix.")
            }
            var streams = try db.sql(
                """
                SELECT name, created_ms, first_event_ms, last_event_ms, last_ingestion_ms, stored_bytes
                FROM logs_stream WHERE group_id = ? ORDER BY name
                """
            ).all(.integer(group)) {
                LogStream(
                    logStreamName: $0.string(0),
                    arn: context.account.logGroupARN(logGroupName) + ":log-stream:" + $0.string(0),
                    creationTime: $0.int64(1), firstEventTimestamp: $0.optionalInt64(2), lastEventTimestamp: $0.optionalInt64(3),
                    lastIngestionTime: $0.optionalInt64(4), storedBytes: $0.int(5))
            }
            if let prefix { streams = streams.filter { $0.logStreamName.utf8.starts(with: prefix.utf8) } }
            if orderBy == .lastEventTime {
                streams.sort { ($0.lastEventTimestamp ?? .min, $0.logStreamName) < ($1.lastEventTimestamp ?? .min, $1.logStreamName) }
            }
            return descending ? streams.reversed() : streams
        }
    }

    // MARK: Helpers

    func groupId(_ db: DatabaseAccess, _ name: String) throws -> Int64? {
        try db.sql("SELECT id FROM logs_group WHERE name = ?").first(.text(name)) { $0.int64(0) }
    }

    func existingGroup(_ db: DatabaseAccess, _ name: String) throws -> Int64 {
        guard let id = try groupId(db, name) else { throw LogsErrors.groupNotFound() }
        return id
    }

    func streamId(_ db: DatabaseAccess, _ group: Int64, _ name: String) throws -> Int64? {
        try db.sql("SELECT id FROM logs_stream WHERE group_id = ? AND name = ?").first(.integer(group), .text(name)) { $0.int64(0) }
    }

    private func validateGroupName(_ name: String) throws(AWSError) {
        let valid = !name.isEmpty && name.utf8.count <= 512
            && name.utf8.allSatisfy { isASCIIAlphanumeric($0) || [46, 45, 95, 47, 35].contains($0) }
        guard valid else {
            throw LogsErrors.invalidParameter(
                "1 validation error detected: Value '\(name)' at 'logGroupName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\.\\-_/#A-Za-z0-9]+")
        }
    }
}
