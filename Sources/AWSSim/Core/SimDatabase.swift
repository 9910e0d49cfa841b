import AWSPorts
import GRDB
import SimKernel

/// The one SQLite database of a run: the source of truth for every simulated service.
///
/// Each service registers its own tables (`SimSchema`); every write happens in one transaction through
/// `write(_:)`. There is no in-memory copy of service state: what the database says is what AWS says.
/// Files use WAL with `synchronous=NORMAL`; tests use `:memory:`.
public final class SimDatabase {
    public enum Location: Equatable, Sendable {
        case inMemory
        case file(String)
    }

    public let location: Location
    let queue: DatabaseQueue
    /// Receives each event, in order, once its transaction has committed.
    var committedEventHandler: ((TraceEvent) -> Void)?
    private var pendingEvents: [TraceEvent] = []
    private let statementCache = StatementCache()

    /// A private in-memory database (tests, benchmarks).
    public static func inMemory() throws -> SimDatabase {
        try SimDatabase(location: .inMemory)
    }

    /// A database file, created when missing. WAL journal, `synchronous=NORMAL`.
    public static func file(at path: String) throws -> SimDatabase {
        try SimDatabase(location: .file(path))
    }

    private init(location: Location) throws {
        self.location = location
        var configuration = Configuration()
        configuration.label = "wsim"
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            // Statement journals in memory: a file per write statement costs more than the write.
            try db.execute(sql: "PRAGMA temp_store = MEMORY")
        }
        switch location {
        case .inMemory:
            queue = try DatabaseQueue(configuration: configuration)
        case .file(let path):
            configuration.journalMode = .wal
            configuration.busyMode = .timeout(5)
            queue = try DatabaseQueue(path: path, configuration: configuration)
        }
        try SimSchema.migrator.migrate(queue)
    }

    /// Ends the database's use: folds the write-ahead log into the file, switches the file out of WAL mode and
    /// closes it, so the one file holds the whole account (copy it alone, open it read-only). Nothing may use
    /// the database afterwards.
    public func close() throws {
        // The services' own prepared statements keep the connection open until they are finalized.
        statementCache.statements.removeAll()
        statementCache.variants.removeAll()
        if case .file = location {
            try queue.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)")
                try db.execute(sql: "PRAGMA journal_mode = DELETE")
            }
        }
        try queue.close()
    }

    /// Runs `body` in one write transaction. If it throws, nothing it wrote (events included) remains.
    ///
    /// BEGIN, COMMIT and ROLLBACK are cached statements: GRDB's own `write` parses them on every call,
    /// which costs more than a small transaction's work.
    public func write<T>(_ body: (Database) throws -> T) throws -> T {
        try writeAccess { try body($0.grdb) }
    }

    /// `write` with the fast statement cache (what the services use).
    func writeAccess<T>(_ body: (DatabaseAccess) throws -> T) throws -> T {
        pendingEvents.removeAll(keepingCapacity: true)
        let result: T
        do {
            result = try queue.writeWithoutTransaction { db in
                let access = DatabaseAccess(grdb: db, cache: statementCache)
                try access.sql("BEGIN").execute()
                do {
                    let value = try body(access)
                    try access.sql("COMMIT").execute()
                    return value
                } catch {
                    if db.isInsideTransaction { _ = try? access.sql("ROLLBACK").execute() }
                    throw error
                }
            }
        } catch {
            pendingEvents.removeAll(keepingCapacity: true)
            throw error
        }
        if !pendingEvents.isEmpty, let handler = committedEventHandler {
            for event in pendingEvents { handler(event) }
        }
        pendingEvents.removeAll(keepingCapacity: true)
        return result
    }

    /// Runs read-only `body` outside any explicit transaction.
    public func read<T>(_ body: (Database) throws -> T) throws -> T {
        try queue.inDatabase(body)
    }

    /// `read` with the fast statement cache.
    func readAccess<T>(_ body: (DatabaseAccess) throws -> T) throws -> T {
        try queue.inDatabase { db in try body(DatabaseAccess(grdb: db, cache: statementCache)) }
    }

    /// Appends one row to the event log (service, operation, instant, key fields) inside the current write
    /// transaction. `keys` keep the order given, so the canonical line never depends on hashing.
    func appendEvent(
        _ db: DatabaseAccess, service: AWSServiceName, operation: String, at instant: Instant,
        keys: KeyValuePairs<String, String>
    ) throws {
        try appendEvent(db, service: service, operation: operation, at: instant, pairs: keys.map { ($0.key, $0.value) })
    }

    /// The same, with the key fields built at run time (kept in the order given).
    func appendEvent(
        _ db: DatabaseAccess, service: AWSServiceName, operation: String, at instant: Instant, pairs keys: [(key: String, value: String)]
    ) throws {
        var keyText: [UInt8] = [123]
        for (index, pair) in keys.enumerated() {
            if index > 0 { keyText.append(44) }
            JSONValue.writeString(pair.key, to: &keyText)
            keyText.append(58)
            JSONValue.writeString(pair.value, to: &keyText)
        }
        keyText.append(125)
        let keysJSON = String(decoding: keyText, as: UTF8.self)
        try db.sql("INSERT INTO event_log (at_ns, service, operation, keys) VALUES (?, ?, ?, ?)")
            .execute(.integer(instant.nanosecondsSinceUnixEpoch), .text(service.rawValue), .text(operation), .text(keysJSON))
        pendingEvents.append(
            TraceEvent(instant: instant, source: service.rawValue, operation: operation, keysJSON: keysJSON))
    }
}
