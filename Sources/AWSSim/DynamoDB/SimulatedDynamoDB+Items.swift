import AWSPorts
import SimKernel

extension SimulatedDynamoDB {
    public func putItem(_ request: PutItemRequest) throws(AWSError) -> DynamoDBItem? {
        let result = try context.perform(.dynamodb, "PutItem", resource: request.tableName) { db, _ in
            let table = try existingTable(db, request.tableName)
            guard request.returnValues == .none || request.returnValues == .allOld else {
                throw DynamoDBErrors.validation("ReturnValues can only be ALL_OLD or NONE")
            }
            let placeholders = ExpressionPlaceholders(try validatedParameters(request.expression))
            let condition = try request.conditionExpression.map { text throws(AWSError) in try parseCondition(text, placeholders, .condition) }
            try placeholders.requireAllUsed(anyExpression: condition != nil)
            let item = try ItemCodec.validated(request.item)
            let key = try table.storedKey(ofItem: item)
            try checkSize(item)
            let existing = try loadItem(db, table, key)
            if let condition, !ExpressionEvaluator.evaluate(condition, in: existing ?? [:]) {
                throw DynamoDBErrors.conditionalCheckFailed(item: request.returnItemOnConditionCheckFailure ? existing : nil)
            }
            try write(db, table, key, item)
            try context.database.appendEvent(
                db, service: .dynamodb, operation: "PutItem", at: now, keys: ["table": table.name, "key": describe(key)])
            return request.returnValues == .allOld ? existing : nil
        }
        scheduleReaperIfNeeded()
        return result
    }

    public func getItem(_ request: GetItemRequest) throws(AWSError) -> DynamoDBItem? {
        try context.perform(.dynamodb, "GetItem", resource: request.tableName, readOnly: true) { db, _ in
            let table = try existingTable(db, request.tableName)
            let placeholders = ExpressionPlaceholders(ExpressionParameters(names: request.expressionAttributeNames))
            let projection = try request.projectionExpression.map { text throws(AWSError) in try parseProjection(text, placeholders) }
            try placeholders.requireAllUsed(anyExpression: projection != nil)
            let key = try table.storedKey(ofKey: try ItemCodec.validated(request.key))
            guard let item = try loadItem(db, table, key) else { return nil }
            return projection.map { ExpressionEvaluator.project(item, paths: $0) } ?? item
        }
    }

    public func updateItem(_ request: UpdateItemRequest) throws(AWSError) -> DynamoDBItem? {
        let result = try context.perform(.dynamodb, "UpdateItem", resource: request.tableName) { db, _ in
            let table = try existingTable(db, request.tableName)
            let placeholders = ExpressionPlaceholders(try validatedParameters(request.expression))
            let actions = try request.updateExpression.map { text throws(AWSError) in try parseUpdate(text, placeholders) } ?? []
            let condition = try request.conditionExpression.map { text throws(AWSError) in try parseCondition(text, placeholders, .condition) }
            try placeholders.requireAllUsed(anyExpression: !actions.isEmpty || condition != nil)
            let keyItem = try ItemCodec.validated(request.key)
            let key = try table.storedKey(ofKey: keyItem)
            for action in actions where table.keyNames.contains(action.path.topLevelName) {
                throw DynamoDBErrors.invalidParameter(
                    "Cannot update attribute \(action.path.topLevelName). This attribute is part of the key")
            }
            for (i, a) in actions.enumerated() {
                for b in actions[(i + 1)...] where a.path.isPrefix(of: b.path) || b.path.isPrefix(of: a.path) {
                    throw DynamoDBErrors.validation(
                        "Invalid UpdateExpression: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: \(a.path), path two: \(b.path)")
                }
            }
            let existing = try loadItem(db, table, key)
            if let condition, !ExpressionEvaluator.evaluate(condition, in: existing ?? [:]) {
                throw DynamoDBErrors.conditionalCheckFailed(item: request.returnItemOnConditionCheckFailure ? existing : nil)
            }
            let updated = try UpdateApplier.apply(actions, to: existing ?? keyItem)
            let item = try ItemCodec.validated(updated)
            try checkSize(item)
            try write(db, table, key, item)
            try context.database.appendEvent(
                db, service: .dynamodb, operation: "UpdateItem", at: now, keys: ["table": table.name, "key": describe(key)])
            let touched = Set(actions.map(\.path.topLevelName))
            let returned: DynamoDBItem?
            switch request.returnValues {
            case .none: returned = nil
            case .allOld: returned = existing
            case .allNew: returned = item
            case .updatedOld: returned = existing?.filter { touched.contains($0.key) }
            case .updatedNew: returned = item.filter { touched.contains($0.key) }
            }
            return returned
        }
        scheduleReaperIfNeeded()
        return result
    }

    public func deleteItem(_ request: DeleteItemRequest) throws(AWSError) -> DynamoDBItem? {
        try context.perform(.dynamodb, "DeleteItem", resource: request.tableName) { db, _ in
            let table = try existingTable(db, request.tableName)
            guard request.returnValues == .none || request.returnValues == .allOld else {
                throw DynamoDBErrors.validation("ReturnValues can only be ALL_OLD or NONE")
            }
            let placeholders = ExpressionPlaceholders(try validatedParameters(request.expression))
            let condition = try request.conditionExpression.map { text throws(AWSError) in try parseCondition(text, placeholders, .condition) }
            try placeholders.requireAllUsed(anyExpression: condition != nil)
            let key = try table.storedKey(ofKey: try ItemCodec.validated(request.key))
            let existing = try loadItem(db, table, key)
            if let condition, !ExpressionEvaluator.evaluate(condition, in: existing ?? [:]) {
                throw DynamoDBErrors.conditionalCheckFailed(item: request.returnItemOnConditionCheckFailure ? existing : nil)
            }
            try db.sql("DELETE FROM ddb_item WHERE table_id = ? AND hash_key = ? AND range_key = ?")
                .execute(.integer(table.id), .text(key.hash), .text(key.range))
            try context.database.appendEvent(
                db, service: .dynamodb, operation: "DeleteItem", at: now,
                keys: ["table": table.name, "key": describe(key), "existed": existing != nil ? "true" : "false"])
            return request.returnValues == .allOld ? existing : nil
        }
    }

    // MARK: Storage

    /// The item under a key, or nil; an expired item counts as absent when expired items are hidden.
    func loadItem(_ db: DatabaseAccess, _ table: TableRecord, _ key: StoredKey) throws -> DynamoDBItem? {
        guard let row = try db.sql(
            "SELECT item, expires_at FROM ddb_item WHERE table_id = ? AND hash_key = ? AND range_key = ?"
        ).first(.integer(table.id), .text(key.hash), .text(key.range), decode: { (item: $0.string(0), expiresAt: $0.optionalInt64(1)) })
        else { return nil }
        if isHidden(expiresAt: row.expiresAt) { return nil }
        return ItemCodec.decode(row.item)
    }

    func isHidden(expiresAt: Int64?) -> Bool {
        options.expiredItems == .hidden && isExpired(expiresAt)
    }

    /// Expired: the TTL is in the past, but not more than five years (AWS ignores older TTL values).
    func isExpired(_ expiresAt: Int64?) -> Bool {
        guard let expiresAt else { return false }
        let nowSeconds = now.unixSeconds
        return expiresAt < nowSeconds && expiresAt >= nowSeconds - 157_680_000
    }

    private func write(_ db: DatabaseAccess, _ table: TableRecord, _ key: StoredKey, _ item: DynamoDBItem) throws {
        try db.sql(
            """
            INSERT INTO ddb_item (table_id, hash_key, range_key, item, size, expires_at) VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT (table_id, hash_key, range_key) DO UPDATE SET item = excluded.item, size = excluded.size,
                expires_at = excluded.expires_at
            """
        ).execute(
            .integer(table.id), .text(key.hash), .text(key.range), .text(ItemCodec.encode(item)), .int(ItemCodec.size(item)),
            .optionalInteger(table.expiry(of: item)))
    }

    private func checkSize(_ item: DynamoDBItem) throws(AWSError) {
        if ItemCodec.size(item) > 400 * 1024 {
            throw DynamoDBErrors.validation("Item size has exceeded the maximum allowed size")
        }
    }

    func describe(_ key: StoredKey) -> String { key.range.isEmpty ? key.hash : key.hash + "|" + key.range }

    // MARK: Expressions

    func validatedParameters(_ parameters: ExpressionParameters) throws(AWSError) -> ExpressionParameters {
        var values: DynamoDBItem = [:]
        for (name, value) in parameters.values { values[name] = try ItemCodec.validated(value) }
        return ExpressionParameters(names: parameters.names, values: values)
    }

    func parseCondition(_ text: String, _ placeholders: ExpressionPlaceholders, _ kind: ExpressionKind) throws(AWSError) -> ConditionNode {
        do {
            let node = try ExpressionParser.condition(text, placeholders)
            try ExpressionEvaluator.validate(node)
            return node
        } catch {
            throw error.awsError(kind)
        }
    }

    func parseUpdate(_ text: String, _ placeholders: ExpressionPlaceholders) throws(AWSError) -> [UpdateAction] {
        do {
            return try ExpressionParser.update(text, placeholders)
        } catch {
            throw error.awsError(.update)
        }
    }

    func parseProjection(_ text: String, _ placeholders: ExpressionPlaceholders) throws(AWSError) -> [DocumentPath] {
        do {
            return try ExpressionParser.projection(text, placeholders)
        } catch {
            throw error.awsError(.projection)
        }
    }
}
