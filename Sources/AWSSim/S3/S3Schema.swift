import GRDB

/// S3 tables. Keys compare as UTF-8 bytes (SQLite's BINARY collation), the order S3 lists them in.
enum S3Schema {
    static func register(in migrator: inout DatabaseMigrator) {
        migrator.registerMigration("s3") { db in
            try db.execute(
                sql: """
                    CREATE TABLE s3_bucket (
                        id INTEGER PRIMARY KEY,
                        name TEXT NOT NULL UNIQUE,
                        created_ns INTEGER NOT NULL,
                        website TEXT
                    );
                    CREATE TABLE s3_object (
                        id INTEGER PRIMARY KEY,
                        bucket_id INTEGER NOT NULL,
                        key TEXT NOT NULL,
                        body BLOB NOT NULL,
                        size INTEGER NOT NULL,
                        etag TEXT NOT NULL,
                        content_type TEXT NOT NULL,
                        metadata TEXT,
                        cache_control TEXT,
                        website_redirect TEXT,
                        last_modified_ns INTEGER NOT NULL,
                        UNIQUE (bucket_id, key)
                    );
                    """)
        }
        migrator.registerMigration("s3-multipart") { db in
            try db.execute(
                sql: """
                    CREATE TABLE s3_upload (
                        upload_id TEXT PRIMARY KEY,
                        bucket_id INTEGER NOT NULL,
                        key TEXT NOT NULL,
                        content_type TEXT NOT NULL,
                        metadata TEXT,
                        cache_control TEXT,
                        website_redirect TEXT,
                        initiated_ns INTEGER NOT NULL
                    );
                    CREATE TABLE s3_part (
                        upload_id TEXT NOT NULL,
                        part_number INTEGER NOT NULL,
                        body BLOB NOT NULL,
                        size INTEGER NOT NULL,
                        etag TEXT NOT NULL,
                        last_modified_ns INTEGER NOT NULL,
                        PRIMARY KEY (upload_id, part_number)
                    );
                    """)
        }
    }
}
