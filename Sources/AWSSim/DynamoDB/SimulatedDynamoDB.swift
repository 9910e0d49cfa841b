import AWSPorts
import SimKernel

/// Amazon DynamoDB over SQLite: tables with a hash key and optional range key; put, get, update and delete
/// with condition and update expressions; query and scan; TTL expiry and reaping on simulated time.
public final class SimulatedDynamoDB: DynamoDBAPI {
    let context: ServiceContext
    let options: DynamoDBOptions
    var reaperDelays: SeededGenerator
    var reaperTimer: (id: Scheduler.TimerID, at: Instant)?

    init(context: ServiceContext, options: DynamoDBOptions) {
        self.context = context
        self.options = options
        self.reaperDelays = context.random.derive("dynamodb.ttl-reaper")
    }

    var now: Instant { context.now }

    public func createTable(_ request: CreateTableRequest) throws(AWSError) -> TableDescription {
        try context.perform(.dynamodb, "CreateTable", resource: request.tableName) { db, _ in
            try validateTableName(request.tableName)
            let hashes = request.keySchema.filter { $0.keyType == .hash }
            let ranges = request.keySchema.filter { $0.keyType == .range }
            guard hashes.count == 1, ranges.count <= 1, request.keySchema.count == hashes.count + ranges.count else {
                throw DynamoDBErrors.invalidParameter("Table KeySchema must have exactly one HASH key and at most one RANGE key")
            }
            let definitions = Dictionary(request.attributeDefinitions.map { ($0.attributeName, $0.attributeType) }, uniquingKeysWith: { a, _ in a })
            let keyNames = request.keySchema.map(\.attributeName)
            guard Set(keyNames) == Set(definitions.keys), request.attributeDefinitions.count == keyNames.count else {
                throw DynamoDBErrors.invalidParameter(
                    "Number of attributes in KeySchema does not exactly match number of attributes defined in AttributeDefinitions")
            }
            if try TableRecord.load(db, request.tableName) != nil { throw DynamoDBErrors.resourceInUse(request.tableName) }
            let hash = hashes[0].attributeName
            let range = ranges.first?.attributeName
            try db.sql(
                "INSERT INTO ddb_table (name, hash_key, hash_type, range_key, range_type, created_ns) VALUES (?, ?, ?, ?, ?, ?)"
            ).execute(
                .text(request.tableName), .text(hash), .text(definitions[hash]!.rawValue), .optionalText(range),
                .optionalText(range.map { definitions[$0]!.rawValue }), .integer(now.nanosecondsSinceUnixEpoch))
            try context.database.appendEvent(
                db, service: .dynamodb, operation: "CreateTable", at: now, keys: ["table": request.tableName])
            return try describe(db, try existingTable(db, request.tableName))
        }
    }

    public func describeTable(_ tableName: String) throws(AWSError) -> TableDescription {
        try context.perform(.dynamodb, "DescribeTable", resource: tableName, readOnly: true) { db, _ in
            try describe(db, try existingTable(db, tableName, named: true))
        }
    }

    public func deleteTable(_ tableName: String) throws(AWSError) {
        try context.perform(.dynamodb, "DeleteTable", resource: tableName) { db, _ in
            let table = try existingTable(db, tableName, named: true)
            try db.sql("DELETE FROM ddb_item WHERE table_id = ?").execute(.integer(table.id))
            try db.sql("DELETE FROM ddb_table WHERE id = ?").execute(.integer(table.id))
            try context.database.appendEvent(db, service: .dynamodb, operation: "DeleteTable", at: now, keys: ["table": tableName])
        }
    }

    public func listTables() throws(AWSError) -> [String] {
        try context.perform(.dynamodb, "ListTables", readOnly: true) { db, _ in
            try db.sql("SELECT name FROM ddb_table ORDER BY name").all { $0.string(0) }
        }
    }

    public func updateTimeToLive(tableName: String, attributeName: String, enabled: Bool) throws(AWSError) {
        try context.perform(.dynamodb, "UpdateTimeToLive", resource: tableName) { db, _ in
            var table = try existingTable(db, tableName, named: true)
            if enabled == table.ttlEnabled {
                throw DynamoDBErrors.validation(enabled ? "TimeToLive is already enabled" : "TimeToLive is already disabled")
            }
            if !enabled, table.ttlAttribute != attributeName {
                throw DynamoDBErrors.validation("TimeToLive is active on a different AttributeName: current AttributeName is \(table.ttlAttribute ?? "")")
            }
            try db.sql("UPDATE ddb_table SET ttl_attribute = ?, ttl_enabled = ? WHERE id = ?")
                .execute(.text(attributeName), .bool(enabled), .integer(table.id))
            table.ttlAttribute = attributeName
            table.ttlEnabled = enabled
            // Recompute every item's expiry under the new setting.
            let rows = try db.sql("SELECT id, item FROM ddb_item WHERE table_id = ?").all(.integer(table.id)) {
                (id: $0.int64(0), item: $0.string(1))
            }
            let update = try db.sql("UPDATE ddb_item SET expires_at = ? WHERE id = ?")
            for row in rows {
                try update.execute(.optionalInteger(table.expiry(of: ItemCodec.decode(row.item))), .integer(row.id))
            }
            try context.database.appendEvent(
                db, service: .dynamodb, operation: "UpdateTimeToLive", at: now,
                keys: ["table": tableName, "attribute": attributeName, "enabled": String(enabled)])
        }
        scheduleReaperIfNeeded()
    }

    public func describeTimeToLive(_ tableName: String) throws(AWSError) -> TimeToLiveDescription {
        try context.perform(.dynamodb, "DescribeTimeToLive", resource: tableName, readOnly: true) { db, _ in
            let table = try existingTable(db, tableName, named: true)
            return TimeToLiveDescription(status: table.ttlEnabled ? "ENABLED" : "DISABLED", attributeName: table.ttlEnabled ? table.ttlAttribute : nil)
        }
    }

    // MARK: Helpers

    func existingTable(_ db: DatabaseAccess, _ name: String, named: Bool = false) throws -> TableRecord {
        guard let table = try TableRecord.load(db, name) else {
            throw DynamoDBErrors.resourceNotFound(named ? name : nil)
        }
        return table
    }

    private func describe(_ db: DatabaseAccess, _ table: TableRecord) throws -> TableDescription {
        let count = try db.sql("SELECT COUNT(*) FROM ddb_item WHERE table_id = ?").first(.integer(table.id)) { $0.int(0) } ?? 0
        return TableDescription(
            tableName: table.name, tableArn: context.account.dynamoDBTableARN(table.name), tableStatus: "ACTIVE",
            keySchema: table.keySchema, attributeDefinitions: table.attributeDefinitions, itemCount: count,
            creationDateTime: table.createdAt)
    }

    private func validateTableName(_ name: String) throws(AWSError) {
        let valid = (3...255).contains(name.utf8.count)
            && name.utf8.allSatisfy { isASCIIAlphanumeric($0) || $0 == 95 || $0 == 45 || $0 == 46 }
        guard valid else {
            throw DynamoDBErrors.validation(
                "1 validation error detected: Value '\(name)' at 'tableName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+")
        }
    }
}

extension TableRecord {
    static func load(_ db: DatabaseAccess, _ name: String) throws -> TableRecord? {
        try db.sql(
            "SELECT id, name, hash_key, hash_type, range_key, range_type, ttl_attribute, ttl_enabled, created_ns FROM ddb_table WHERE name = ?"
        ).first(.text(name), decode: TableRecord.init(row:))
    }
}
