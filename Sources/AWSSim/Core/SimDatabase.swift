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
    /// Receives the canonical line of each event, in order, once its transaction has committed.
    var committedEventHandler: ((String) -> Void)?
    private var pendingEventLines: [String] = []

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

    /// Runs `body` in one write transaction. If it throws, nothing it wrote (events included) remains.
    public func write<T>(_ body: (Database) throws -> T) throws -> T {
        pendingEventLines.removeAll(keepingCapacity: true)
        let result: T
        do {
            result = try queue.write(body)
        } catch {
            pendingEventLines.removeAll(keepingCapacity: true)
            throw error
        }
        if !pendingEventLines.isEmpty, let handler = committedEventHandler {
            for line in pendingEventLines { handler(line) }
        }
        pendingEventLines.removeAll(keepingCapacity: true)
        return result
    }

    /// Runs read-only `body` outside any explicit transaction.
    public func read<T>(_ body: (Database) throws -> T) throws -> T {
        try queue.inDatabase(body)
    }

    /// Appends one row to the event log (service, operation, instant, key fields) inside the current write
    /// transaction. `keys` keep the order given, so the canonical line never depends on hashing.
    func appendEvent(
        _ db: Database, service: AWSServiceName, operation: String, at instant: Instant,
        keys: KeyValuePairs<String, String>
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
        let statement = try db.cachedStatement(
            sql: "INSERT INTO event_log (at_ns, service, operation, keys) VALUES (?, ?, ?, ?)")
        try statement.execute(arguments: [instant.nanosecondsSinceUnixEpoch, service.rawValue, operation, keysJSON])
        pendingEventLines.append(
            "{\"at\":\"\(instant.iso8601)\",\"keys\":\(keysJSON),\"op\":\"\(operation)\",\"service\":\"\(service.rawValue)\"}"
        )
    }
}
