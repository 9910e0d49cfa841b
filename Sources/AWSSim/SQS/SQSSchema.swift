import GRDB

/// SQS tables. Times are nanoseconds of simulated time; `seq` orders messages and never repeats.
enum SQSSchema {
    static func register(in migrator: inout DatabaseMigrator) {
        migrator.registerMigration("sqs") { db in
            try db.execute(
                sql: """
                    CREATE TABLE sqs_queue (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        name TEXT NOT NULL UNIQUE,
                        url TEXT NOT NULL,
                        arn TEXT NOT NULL UNIQUE,
                        is_fifo INTEGER NOT NULL,
                        visibility_timeout INTEGER NOT NULL,
                        delay_seconds INTEGER NOT NULL,
                        maximum_message_size INTEGER NOT NULL,
                        retention_period INTEGER NOT NULL,
                        receive_wait_time INTEGER NOT NULL,
                        redrive_policy TEXT,
                        dlq_arn TEXT,
                        max_receive_count INTEGER,
                        content_based_dedup INTEGER NOT NULL DEFAULT 0,
                        other_attributes TEXT NOT NULL DEFAULT '{}',
                        tags TEXT NOT NULL DEFAULT '{}',
                        created_ns INTEGER NOT NULL,
                        modified_ns INTEGER NOT NULL,
                        last_purge_ns INTEGER,
                        next_sequence_number INTEGER NOT NULL DEFAULT 1
                    );
                    CREATE TABLE sqs_deleted_queue (
                        name TEXT PRIMARY KEY,
                        deleted_ns INTEGER NOT NULL
                    ) WITHOUT ROWID;
                    CREATE TABLE sqs_message (
                        seq INTEGER PRIMARY KEY,
                        queue_id INTEGER NOT NULL,
                        message_id TEXT NOT NULL,
                        body TEXT NOT NULL,
                        body_md5 TEXT NOT NULL,
                        attributes TEXT,
                        trace_header TEXT,
                        sent_ns INTEGER NOT NULL,
                        visible_ns INTEGER NOT NULL,
                        expires_ns INTEGER NOT NULL,
                        receive_count INTEGER NOT NULL DEFAULT 0,
                        first_receive_ns INTEGER,
                        last_receive_ns INTEGER,
                        receipt_nonce INTEGER,
                        group_id TEXT,
                        dedup_id TEXT,
                        sequence_number TEXT,
                        dlq_source_arn TEXT
                    );
                    CREATE INDEX sqs_message_visible ON sqs_message(queue_id, visible_ns, seq);
                    CREATE INDEX sqs_message_group ON sqs_message(queue_id, group_id, seq) WHERE group_id IS NOT NULL;
                    CREATE TABLE sqs_dedup (
                        queue_id INTEGER NOT NULL,
                        scope TEXT NOT NULL,
                        dedup_id TEXT NOT NULL,
                        expires_ns INTEGER NOT NULL,
                        message_id TEXT NOT NULL,
                        sequence_number TEXT,
                        PRIMARY KEY (queue_id, scope, dedup_id)
                    ) WITHOUT ROWID;
                    CREATE TABLE sqs_receive_attempt (
                        queue_id INTEGER NOT NULL,
                        attempt_id TEXT NOT NULL,
                        expires_ns INTEGER NOT NULL,
                        message_seqs TEXT NOT NULL,
                        receipt_handles TEXT NOT NULL,
                        PRIMARY KEY (queue_id, attempt_id)
                    ) WITHOUT ROWID;
                    """)
        }
    }
}
