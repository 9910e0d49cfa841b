import GRDB

/// The schema of a run's database: one migration per service, registered in a fixed order.
enum SimSchema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("event_log") { db in
            try db.execute(
                sql: """
                    CREATE TABLE event_log (
                        seq INTEGER PRIMARY KEY,
                        at_ns INTEGER NOT NULL,
                        service TEXT NOT NULL,
                        operation TEXT NOT NULL,
                        keys TEXT NOT NULL
                    )
                    """)
        }
        SQSSchema.register(in: &migrator)
        S3Schema.register(in: &migrator)
        DynamoDBSchema.register(in: &migrator)
        LogsSchema.register(in: &migrator)
        ECSSchema.register(in: &migrator)
        return migrator
    }
}
