import GRDB

/// What a service body gets inside a transaction: the GRDB database, and fast prepared statements looked
/// up by the address of their SQL literal (hashing the SQL text on every call cost more than running
/// small statements).
struct DatabaseAccess {
    let grdb: Database
    let cache: StatementCache

    /// A statement from a literal, prepared once per connection.
    func sql(_ text: StaticString) throws -> PreparedSQL {
        if text.hasPointerRepresentation {
            let key = UnsafeRawPointer(text.utf8Start)
            if let statement = cache.statements[key] { return PreparedSQL(statement, grdb) }
            let statement = try grdb.cachedStatement(sql: text.description)
            cache.statements[key] = statement
            return PreparedSQL(statement, grdb)
        }
        return PreparedSQL(try grdb.cachedStatement(sql: text.description), grdb)
    }

    /// One of several statements built from a literal (a batch's `IN (?, ?, ...)` for `variant` entries),
    /// each prepared once per connection.
    func sql(_ base: StaticString, variant: Int, build: () -> String) throws -> PreparedSQL {
        let key = VariantKey(base: UnsafeRawPointer(base.utf8Start), variant: variant)
        if let statement = cache.variants[key] { return PreparedSQL(statement, grdb) }
        let statement = try grdb.cachedStatement(sql: build())
        cache.variants[key] = statement
        return PreparedSQL(statement, grdb)
    }

    /// A statement built at run time (rare paths), cached by GRDB by its text.
    func sql(dynamic text: String) throws -> PreparedSQL {
        PreparedSQL(try grdb.cachedStatement(sql: text), grdb)
    }
}

/// Prepared statements of one connection, by SQL literal address. Holding the GRDB statements keeps them
/// alive; SQLite re-prepares them itself if the schema changes.
final class StatementCache {
    var statements: [UnsafeRawPointer: Statement] = [:]
    var variants: [VariantKey: Statement] = [:]
}

struct VariantKey: Hashable {
    let base: UnsafeRawPointer
    let variant: Int
}
