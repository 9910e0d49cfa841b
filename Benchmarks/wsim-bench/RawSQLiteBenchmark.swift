import Foundation
import GRDBSQLite

/// The yardstick: single-row INSERTs through the SQLite C API with a prepared statement, one transaction
/// per insert, the same pragmas as a wsim file database (WAL, synchronous=NORMAL) or `:memory:`.
struct RawSQLiteBenchmark {
    enum Location {
        case memory
        case file(String)
    }

    static func run(_ location: Location, operations: Int, repetitions: Int) throws -> Measurement {
        var db: OpaquePointer?
        let path: String
        switch location {
        case .memory: path = ":memory:"
        case .file(let directory): path = directory + "/raw.sqlite"
        }
        guard sqlite3_open(path, &db) == SQLITE_OK else { throw BenchError("cannot open \(path)") }
        defer { sqlite3_close(db) }
        try exec(db, "PRAGMA journal_mode = WAL")
        try exec(db, "PRAGMA synchronous = NORMAL")
        try exec(db, "CREATE TABLE t (id INTEGER PRIMARY KEY, queue_id INTEGER, body TEXT, at INTEGER)")
        var insert: OpaquePointer?
        var begin: OpaquePointer?
        var commit: OpaquePointer?
        sqlite3_prepare_v2(db, "INSERT INTO t (queue_id, body, at) VALUES (?, ?, ?)", -1, &insert, nil)
        sqlite3_prepare_v2(db, "BEGIN", -1, &begin, nil)
        sqlite3_prepare_v2(db, "COMMIT", -1, &commit, nil)
        defer {
            sqlite3_finalize(insert)
            sqlite3_finalize(begin)
            sqlite3_finalize(commit)
        }
        let body = "{\"sessionId\":\"session-aaa-111\",\"instruction\":\"Add a welcome message\"}"
        let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
        var counter: Int64 = 0
        return try measure("raw SQLite insert", operations: operations, repetitions: repetitions) {
            for _ in 0..<operations {
                counter += 1
                sqlite3_step(begin)
                sqlite3_reset(begin)
                sqlite3_bind_int64(insert, 1, 1)
                sqlite3_bind_text(insert, 2, body, -1, transient)
                sqlite3_bind_int64(insert, 3, counter)
                guard sqlite3_step(insert) == SQLITE_DONE else { throw BenchError("insert failed") }
                sqlite3_reset(insert)
                guard sqlite3_step(commit) == SQLITE_DONE else { throw BenchError("commit failed") }
                sqlite3_reset(commit)
            }
        }
    }

    private static func exec(_ db: OpaquePointer?, _ sql: String) throws {
        guard sqlite3_exec(db, sql, nil, nil, nil) == SQLITE_OK else {
            throw BenchError(String(cString: sqlite3_errmsg(db)))
        }
    }
}

struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
