import GRDB

/// ECS tables. A task's next lifecycle step is stored with the task (`next_status` at `next_transition_ns`),
/// so the one timer that drives transitions is always derived from the database.
enum ECSSchema {
    static func register(in migrator: inout DatabaseMigrator) {
        migrator.registerMigration("ecs") { db in
            try db.execute(
                sql: """
                    CREATE TABLE ecs_cluster (
                        id INTEGER PRIMARY KEY,
                        name TEXT NOT NULL UNIQUE,
                        created_ns INTEGER NOT NULL
                    );
                    CREATE TABLE ecs_task_definition (
                        id INTEGER PRIMARY KEY,
                        family TEXT NOT NULL,
                        revision INTEGER NOT NULL,
                        containers TEXT NOT NULL,
                        created_ns INTEGER NOT NULL,
                        UNIQUE (family, revision)
                    );
                    CREATE TABLE ecs_service (
                        id INTEGER PRIMARY KEY,
                        cluster_id INTEGER NOT NULL,
                        name TEXT NOT NULL,
                        status TEXT NOT NULL,
                        task_definition TEXT NOT NULL,
                        desired_count INTEGER NOT NULL,
                        steady INTEGER NOT NULL DEFAULT 1,
                        created_ns INTEGER NOT NULL,
                        UNIQUE (cluster_id, name)
                    );
                    CREATE TABLE ecs_service_event (
                        id INTEGER PRIMARY KEY,
                        service_id INTEGER NOT NULL,
                        event_id TEXT NOT NULL,
                        created_ns INTEGER NOT NULL,
                        message TEXT NOT NULL
                    );
                    CREATE TABLE ecs_task (
                        id INTEGER PRIMARY KEY,
                        cluster_id INTEGER NOT NULL,
                        task_id TEXT NOT NULL UNIQUE,
                        task_definition TEXT NOT NULL,
                        service_id INTEGER,
                        task_group TEXT,
                        started_by TEXT,
                        last_status TEXT NOT NULL,
                        desired_status TEXT NOT NULL,
                        created_ns INTEGER NOT NULL,
                        started_ns INTEGER,
                        stopping_ns INTEGER,
                        stopped_ns INTEGER,
                        stopped_reason TEXT,
                        stop_code TEXT,
                        exit_code INTEGER,
                        next_status TEXT,
                        next_transition_ns INTEGER
                    );
                    CREATE INDEX ecs_task_transition ON ecs_task(next_transition_ns) WHERE next_transition_ns IS NOT NULL;
                    CREATE INDEX ecs_task_service ON ecs_task(service_id, desired_status);
                    """)
        }
        migrator.registerMigration("ecs-task-protection") { db in
            // Task scale-in protection (UpdateTaskProtection): protected tasks are never chosen when a
            // service scales in.
            try db.execute(sql: "CREATE TABLE ecs_task_protection (task_id TEXT PRIMARY KEY, expires_ns INTEGER NOT NULL)")
        }
    }
}
