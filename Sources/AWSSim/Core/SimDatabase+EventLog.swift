import GRDB
import SimKernel

/// One row of the event log.
public struct EventLogEntry: Hashable, Sendable {
    public var seq: Int64
    public var at: Instant
    public var service: String
    public var operation: String
    /// The key fields as a JSON object.
    public var keys: String
}

extension SimDatabase {
    /// Rows of the event log in order, optionally for one service only.
    public func eventLog(service: String? = nil) throws -> [EventLogEntry] {
        try read { db in
            let rows: [Row]
            if let service {
                rows = try Row.fetchAll(
                    db, sql: "SELECT seq, at_ns, service, operation, keys FROM event_log WHERE service = ? ORDER BY seq",
                    arguments: [service])
            } else {
                rows = try Row.fetchAll(db, sql: "SELECT seq, at_ns, service, operation, keys FROM event_log ORDER BY seq")
            }
            return rows.map {
                EventLogEntry(
                    seq: $0[0], at: Instant(nanosecondsSinceUnixEpoch: $0[1]), service: $0[2], operation: $0[3], keys: $0[4])
            }
        }
    }
}

extension SimDatabase {
    /// The SQLite library wsim runs on (`SELECT sqlite_version()`).
    public static var sqliteVersion: String {
        (try? DatabaseQueue().read { db in try String.fetchOne(db, sql: "SELECT sqlite_version()") } ?? nil) ?? "unknown"
    }
}

extension SimDatabase {
    /// The latest instant the event log holds: where a served run's clock resumes. Nil for an empty log.
    public func lastEventInstant() throws -> Instant? {
        try read { db in try Int64.fetchOne(db, sql: "SELECT MAX(at_ns) FROM event_log") }
            .map { Instant(nanosecondsSinceUnixEpoch: $0) }
    }
}
