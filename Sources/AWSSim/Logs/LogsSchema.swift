import GRDB

/// CloudWatch Logs tables. Times are epoch milliseconds, as in the API.
enum LogsSchema {
    static func register(in migrator: inout DatabaseMigrator) {
        migrator.registerMigration("logs") { db in
            try db.execute(
                sql: """
                    CREATE TABLE logs_group (
                        id INTEGER PRIMARY KEY,
                        name TEXT NOT NULL UNIQUE,
                        created_ms INTEGER NOT NULL,
                        retention_days INTEGER
                    );
                    CREATE TABLE logs_stream (
                        id INTEGER PRIMARY KEY,
                        group_id INTEGER NOT NULL,
                        name TEXT NOT NULL,
                        created_ms INTEGER NOT NULL,
                        first_event_ms INTEGER,
                        last_event_ms INTEGER,
                        last_ingestion_ms INTEGER,
                        stored_bytes INTEGER NOT NULL DEFAULT 0,
                        UNIQUE (group_id, name)
                    );
                    CREATE TABLE logs_event (
                        seq INTEGER PRIMARY KEY,
                        group_id INTEGER NOT NULL,
                        stream_id INTEGER NOT NULL,
                        timestamp_ms INTEGER NOT NULL,
                        ingestion_ms INTEGER NOT NULL,
                        message TEXT NOT NULL
                    );
                    CREATE INDEX logs_event_stream ON logs_event(stream_id, timestamp_ms, seq);
                    CREATE INDEX logs_event_group ON logs_event(group_id, timestamp_ms, seq);
                    """)
        }
    }
}
