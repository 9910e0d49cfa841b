import GRDB

/// DynamoDB tables. Keys are stored encoded so SQLite's order is DynamoDB's (`KeyCodec`).
enum DynamoDBSchema {
    static func register(in migrator: inout DatabaseMigrator) {
        migrator.registerMigration("dynamodb") { db in
            try db.execute(
                sql: """
                    CREATE TABLE ddb_table (
                        id INTEGER PRIMARY KEY,
                        name TEXT NOT NULL UNIQUE,
                        hash_key TEXT NOT NULL,
                        hash_type TEXT NOT NULL,
                        range_key TEXT,
                        range_type TEXT,
                        ttl_attribute TEXT,
                        ttl_enabled INTEGER NOT NULL DEFAULT 0,
                        created_ns INTEGER NOT NULL
                    );
                    CREATE TABLE ddb_item (
                        id INTEGER PRIMARY KEY,
                        table_id INTEGER NOT NULL,
                        hash_key TEXT NOT NULL,
                        range_key TEXT NOT NULL,
                        item TEXT NOT NULL,
                        size INTEGER NOT NULL,
                        expires_at INTEGER,
                        UNIQUE (table_id, hash_key, range_key)
                    );
                    CREATE INDEX ddb_item_expiry ON ddb_item(table_id, expires_at) WHERE expires_at IS NOT NULL;
                    """)
        }
    }
}
