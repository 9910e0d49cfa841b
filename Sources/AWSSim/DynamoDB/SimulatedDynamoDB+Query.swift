import AWSPorts
import SimKernel

extension SimulatedDynamoDB {
    /// Items of one partition in range-key order: the key condition selects what is read, `Limit` counts
    /// what was read, the filter then drops items from the page (AWS's order of operations).
    public func query(_ request: QueryRequest) throws(AWSError) -> ItemPage {
        try context.perform(.dynamodb, "Query", resource: request.tableName, readOnly: true) { db, _ in
            let table = try existingTable(db, request.tableName)
            let placeholders = ExpressionPlaceholders(try validatedParameters(request.expression))
            let keyCondition = try parseCondition(request.keyConditionExpression, placeholders, .keyCondition)
            let filter = try request.filterExpression.map { text throws(AWSError) in try parseCondition(text, placeholders, .filter) }
            let projection = try request.projectionExpression.map { text throws(AWSError) in try parseProjection(text, placeholders) }
            try placeholders.requireAllUsed(anyExpression: true)
            let (hashValue, rangeCondition) = try analyzeKeyCondition(keyCondition, table)
            if let filter, let keyPath = paths(in: filter).first(where: { table.keyNames.contains($0.topLevelName) }) {
                throw DynamoDBErrors.validation(
                    "Filter Expression can only contain non-primary key attributes: Primary key attribute: \(keyPath.topLevelName)")
            }
            let limit = try validatedLimit(request.limit)
            let hash = try KeyCodec.encode(hashValue, type: table.hashType, attributeName: table.hashKey)
            var start: String?
            if let exclusive = request.exclusiveStartKey {
                let key = try table.storedKey(ofKey: try ItemCodec.validated(exclusive))
                guard key.hash == hash else {
                    throw DynamoDBErrors.validation("The provided starting key is invalid: The provided key element does not match the schema")
                }
                start = key.range
            }
            let statement: PreparedSQL
            switch (request.scanIndexForward, start != nil) {
            case (true, false):
                statement = try db.sql("SELECT item, range_key, expires_at, size FROM ddb_item WHERE table_id = ? AND hash_key = ? AND range_key >= ? ORDER BY range_key")
            case (true, true):
                statement = try db.sql("SELECT item, range_key, expires_at, size FROM ddb_item WHERE table_id = ? AND hash_key = ? AND range_key > ? ORDER BY range_key")
            case (false, false):
                statement = try db.sql("SELECT item, range_key, expires_at, size FROM ddb_item WHERE table_id = ? AND hash_key = ? AND range_key <= ? ORDER BY range_key DESC")
            case (false, true):
                statement = try db.sql("SELECT item, range_key, expires_at, size FROM ddb_item WHERE table_id = ? AND hash_key = ? AND range_key < ? ORDER BY range_key DESC")
            }
            let bound = start ?? (request.scanIndexForward ? "" : "\u{10FFFF}")
            let rows = try statement.all(.integer(table.id), .text(hash), .text(bound)) {
                (item: $0.string(0), expiresAt: $0.optionalInt64(2), size: $0.int(3))
            }
            var page = PageBuilder(limit: limit, select: request.select, filter: filter, projection: projection)
            for row in rows where !isHidden(expiresAt: row.expiresAt) {
                let item = ItemCodec.decode(row.item)
                if let rangeCondition, !ExpressionEvaluator.evaluate(rangeCondition, in: item) { continue }
                if page.add(item, size: row.size, key: table.keyAttributes(of: item)) { break }
            }
            return page.result
        }
    }

    /// Every item of the table in a stable order (hash key, then range key), paged like `Query`.
    public func scan(_ request: ScanRequest) throws(AWSError) -> ItemPage {
        try context.perform(.dynamodb, "Scan", resource: request.tableName, readOnly: true) { db, _ in
            let table = try existingTable(db, request.tableName)
            let placeholders = ExpressionPlaceholders(try validatedParameters(request.expression))
            let filter = try request.filterExpression.map { text throws(AWSError) in try parseCondition(text, placeholders, .filter) }
            let projection = try request.projectionExpression.map { text throws(AWSError) in try parseProjection(text, placeholders) }
            try placeholders.requireAllUsed(anyExpression: filter != nil || projection != nil)
            let limit = try validatedLimit(request.limit)
            var cursor: StoredKey?
            if let exclusive = request.exclusiveStartKey {
                cursor = try table.storedKey(ofKey: try ItemCodec.validated(exclusive))
            }
            var page = PageBuilder(limit: limit, select: request.select, filter: filter, projection: projection)
            let first = try db.sql(
                "SELECT item, hash_key, range_key, expires_at, size FROM ddb_item WHERE table_id = ? ORDER BY hash_key, range_key LIMIT 256")
            let next = try db.sql(
                """
                SELECT item, hash_key, range_key, expires_at, size FROM ddb_item
                WHERE table_id = ? AND (hash_key > ? OR (hash_key = ? AND range_key > ?))
                ORDER BY hash_key, range_key LIMIT 256
                """)
            scanning: while true {
                let decode: (SQLiteRow) -> (item: String, key: StoredKey, expiresAt: Int64?, size: Int) = {
                    ($0.string(0), StoredKey(hash: $0.string(1), range: $0.string(2)), $0.optionalInt64(3), $0.int(4))
                }
                let rows = try cursor.map { c in
                    try next.all(.integer(table.id), .text(c.hash), .text(c.hash), .text(c.range), decode: decode)
                } ?? first.all(.integer(table.id), decode: decode)
                for row in rows {
                    cursor = row.key
                    if isHidden(expiresAt: row.expiresAt) { continue }
                    let item = ItemCodec.decode(row.item)
                    if page.add(item, size: row.size, key: table.keyAttributes(of: item)) { break scanning }
                }
                if rows.count < 256 { break }
            }
            return page.result
        }
    }

    /// Splits `hash = :v [AND range-condition]` into the hash value and the range condition.
    private func analyzeKeyCondition(_ node: ConditionNode, _ table: TableRecord) throws(AWSError) -> (AttributeValue, ConditionNode?) {
        var conjuncts: [ConditionNode] = []
        func flatten(_ node: ConditionNode) throws(AWSError) {
            switch node {
            case .and(let a, let b):
                try flatten(a)
                try flatten(b)
            case .or: throw DynamoDBErrors.validation("Invalid operator used in KeyConditionExpression: OR")
            case .not: throw DynamoDBErrors.validation("Invalid operator used in KeyConditionExpression: NOT")
            default: conjuncts.append(node)
            }
        }
        try flatten(node)
        var hashValue: AttributeValue?
        var rangeCondition: ConditionNode?
        for conjunct in conjuncts {
            let (name, value) = try keyConjunct(conjunct)
            if name == table.hashKey {
                guard hashValue == nil else {
                    throw DynamoDBErrors.validation("KeyConditionExpressions must only contain one condition per key")
                }
                guard case .comparison(_, .equal, _) = conjunct else {
                    throw DynamoDBErrors.validation("Query key condition not supported")
                }
                guard value?.typeDescriptor == table.hashType.rawValue else {
                    throw DynamoDBErrors.invalidParameter("Condition parameter type does not match schema type")
                }
                hashValue = value
            } else if name == table.rangeKey {
                guard rangeCondition == nil else {
                    throw DynamoDBErrors.validation("KeyConditionExpressions must only contain one condition per key")
                }
                if case .comparison(_, .notEqual, _) = conjunct {
                    throw DynamoDBErrors.validation("Unsupported operator on KeyConditionExpression: operator: <>")
                }
                rangeCondition = conjunct
            } else {
                throw DynamoDBErrors.validation("Query condition missed key schema element: \(table.hashKey)")
            }
        }
        guard let hashValue else {
            throw DynamoDBErrors.validation("Query condition missed key schema element: \(table.hashKey)")
        }
        return (hashValue, rangeCondition)
    }

    private func keyConjunct(_ node: ConditionNode) throws(AWSError) -> (String, AttributeValue?) {
        func name(_ path: DocumentPath) throws(AWSError) -> String {
            guard path.elements.count == 1 else { throw DynamoDBErrors.validation("Query key condition not supported") }
            return path.topLevelName
        }
        switch node {
        case .comparison(.path(let p), _, .value(_, let v)), .comparison(.value(_, let v), .equal, .path(let p)):
            return (try name(p), v)
        case .between(.path(let p), .value, .value):
            return (try name(p), nil)
        case .beginsWith(.path(let p), .value):
            return (try name(p), nil)
        default:
            throw DynamoDBErrors.validation("Query key condition not supported")
        }
    }

    private func paths(in node: ConditionNode) -> [DocumentPath] {
        func operandPaths(_ operand: Operand) -> [DocumentPath] {
            switch operand {
            case .path(let p), .size(let p): [p]
            default: []
            }
        }
        switch node {
        case .and(let a, let b), .or(let a, let b): return paths(in: a) + paths(in: b)
        case .not(let a): return paths(in: a)
        case .attributeExists(let p), .attributeNotExists(let p): return [p]
        case .attributeType(let p, _): return [p]
        case .comparison(let a, _, let b), .beginsWith(let a, let b), .contains(let a, let b):
            return operandPaths(a) + operandPaths(b)
        case .between(let a, let b, let c): return operandPaths(a) + operandPaths(b) + operandPaths(c)
        case .membership(let a, let list): return operandPaths(a) + list.flatMap(operandPaths)
        }
    }

    private func validatedLimit(_ limit: Int?) throws(AWSError) -> Int? {
        if let limit, limit < 1 {
            throw DynamoDBErrors.validation(
                "1 validation error detected: Value '\(limit)' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1")
        }
        return limit
    }
}

/// Collects one page: counts what was read against `Limit` and the 1 MB page size, applies the filter and
/// the projection, and remembers the last key read.
struct PageBuilder {
    let limit: Int?
    let select: SelectAttributes
    let filter: ConditionNode?
    let projection: [DocumentPath]?
    private var items: [DynamoDBItem] = []
    private var count = 0
    private var scanned = 0
    private var bytes = 0
    private var lastKey: DynamoDBItem?
    private var stopped = false

    init(limit: Int?, select: SelectAttributes, filter: ConditionNode?, projection: [DocumentPath]?) {
        self.limit = limit
        self.select = select
        self.filter = filter
        self.projection = projection
    }

    /// Adds an item read; returns true when the page is full.
    mutating func add(_ item: DynamoDBItem, size: Int, key: DynamoDBItem) -> Bool {
        scanned += 1
        bytes += size
        lastKey = key
        if filter.map({ ExpressionEvaluator.evaluate($0, in: item) }) ?? true {
            count += 1
            if select == .allAttributes { items.append(projection.map { ExpressionEvaluator.project(item, paths: $0) } ?? item) }
        }
        stopped = (limit.map { scanned >= $0 } ?? false) || bytes >= 1_048_576
        return stopped
    }

    var result: ItemPage {
        ItemPage(items: items, count: count, scannedCount: scanned, lastEvaluatedKey: stopped ? lastKey : nil)
    }
}
