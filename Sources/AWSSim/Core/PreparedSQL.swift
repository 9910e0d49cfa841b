import Foundation
import GRDB

#if canImport(GRDBSQLite)
    import GRDBSQLite
#else
    import SQLite3
#endif

/// A value bound to a statement parameter.
enum SQLiteValue {
    case integer(Int64)
    case text(String)
    case blob(Data)
    case null

    static func int(_ value: Int) -> SQLiteValue { .integer(Int64(value)) }
    static func bool(_ value: Bool) -> SQLiteValue { .integer(value ? 1 : 0) }
    static func optionalText(_ value: String?) -> SQLiteValue { value.map { .text($0) } ?? .null }
    static func optionalInteger(_ value: Int64?) -> SQLiteValue { value.map { .integer($0) } ?? .null }
}

/// A statement GRDB prepared and cached, bound, stepped and read through the SQLite C API.
///
/// GRDB owns the connection, the schema and statement caching; the hot paths of the services use this to
/// avoid GRDB's generic row decoding, which costs more than the SQLite work itself (measured with
/// `perf` on `wsim-bench`).
struct PreparedSQL {
    let handle: OpaquePointer
    let connection: OpaquePointer

    init(_ statement: Statement, _ db: Database) {
        handle = statement.sqliteStatement
        connection = db.sqliteConnection!
    }

    /// Executes a statement that returns no rows; returns the number of rows it changed.
    @discardableResult
    func execute(_ values: SQLiteValue...) throws -> Int {
        try bind(values)
        let rc = sqlite3_step(handle)
        sqlite3_reset(handle)
        guard rc == SQLITE_DONE || rc == SQLITE_ROW else { throw failure(rc) }
        return Int(sqlite3_changes(connection))
    }

    /// The first row, decoded, or nil.
    func first<T>(_ values: SQLiteValue..., decode: (SQLiteRow) throws -> T) throws -> T? {
        try bind(values)
        defer { sqlite3_reset(handle) }
        let rc = sqlite3_step(handle)
        if rc == SQLITE_DONE { return nil }
        guard rc == SQLITE_ROW else { throw failure(rc) }
        return try decode(SQLiteRow(handle: handle))
    }

    /// Executes with an array of values (statements whose parameter count varies).
    @discardableResult
    func execute(values: [SQLiteValue]) throws -> Int {
        try bind(values)
        let rc = sqlite3_step(handle)
        sqlite3_reset(handle)
        guard rc == SQLITE_DONE || rc == SQLITE_ROW else { throw failure(rc) }
        return Int(sqlite3_changes(connection))
    }

    /// Every row, decoded, in the order the statement returns them.
    func all<T>(_ values: SQLiteValue..., decode: (SQLiteRow) throws -> T) throws -> [T] {
        try allRows(values, decode: decode)
    }

    func allRows<T>(_ values: [SQLiteValue], decode: (SQLiteRow) throws -> T) throws -> [T] {
        try bind(values)
        defer { sqlite3_reset(handle) }
        var out: [T] = []
        while true {
            let rc = sqlite3_step(handle)
            if rc == SQLITE_DONE { return out }
            guard rc == SQLITE_ROW else { throw failure(rc) }
            out.append(try decode(SQLiteRow(handle: handle)))
        }
    }

    var lastInsertedRowID: Int64 { sqlite3_last_insert_rowid(connection) }

    private func bind(_ values: [SQLiteValue]) throws {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
        for (offset, value) in values.enumerated() {
            let index = Int32(offset + 1)
            let rc: Int32
            switch value {
            case .integer(let v): rc = sqlite3_bind_int64(handle, index, v)
            case .null: rc = sqlite3_bind_null(handle, index)
            case .text(var s):
                if s.isEmpty {
                    rc = sqlite3_bind_text(handle, index, "", 0, transient)
                } else {
                    rc = s.withUTF8 { buffer in
                        buffer.withMemoryRebound(to: CChar.self) { chars in
                            sqlite3_bind_text(handle, index, chars.baseAddress, Int32(chars.count), transient)
                        }
                    }
                }
            case .blob(let data):
                if data.isEmpty {
                    rc = sqlite3_bind_zeroblob(handle, index, 0)
                } else {
                    rc = data.withUnsafeBytes { raw in
                        sqlite3_bind_blob(handle, index, raw.baseAddress, Int32(raw.count), transient)
                    }
                }
            }
            guard rc == SQLITE_OK else { throw failure(rc) }
        }
    }

    private func failure(_ rc: Int32) -> SQLiteFailure {
        SQLiteFailure(code: rc, message: String(cString: sqlite3_errmsg(connection)), sql: String(cString: sqlite3_sql(handle)))
    }
}

/// The current row of a stepped statement.
struct SQLiteRow {
    let handle: OpaquePointer

    func isNull(_ column: Int32) -> Bool { sqlite3_column_type(handle, column) == SQLITE_NULL }
    func int64(_ column: Int32) -> Int64 { sqlite3_column_int64(handle, column) }
    func int(_ column: Int32) -> Int { Int(sqlite3_column_int64(handle, column)) }
    func bool(_ column: Int32) -> Bool { sqlite3_column_int64(handle, column) != 0 }
    func optionalInt64(_ column: Int32) -> Int64? { isNull(column) ? nil : int64(column) }

    /// Text of the column ("" for NULL).
    func string(_ column: Int32) -> String {
        guard let text = sqlite3_column_text(handle, column) else { return "" }
        let count = Int(sqlite3_column_bytes(handle, column))
        return String(decoding: UnsafeBufferPointer(start: text, count: count), as: UTF8.self)
    }

    func optionalString(_ column: Int32) -> String? { isNull(column) ? nil : string(column) }

    func data(_ column: Int32) -> Data {
        guard let bytes = sqlite3_column_blob(handle, column) else { return Data() }
        return Data(bytes: bytes, count: Int(sqlite3_column_bytes(handle, column)))
    }
}

/// An SQLite error from the fast path, with the statement that failed.
struct SQLiteFailure: Error, CustomStringConvertible {
    let code: Int32
    let message: String
    let sql: String

    var description: String { "SQLite error \(code): \(message) (in: \(sql))" }
}

private let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
