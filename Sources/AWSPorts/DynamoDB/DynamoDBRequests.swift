import SimKernel

public enum KeyType: String, Sendable {
    case hash = "HASH"
    case range = "RANGE"
}

public enum ScalarAttributeType: String, Sendable {
    case s = "S"
    case n = "N"
    case b = "B"
}

public struct KeySchemaElement: Hashable, Sendable {
    public var attributeName: String
    public var keyType: KeyType

    public init(attributeName: String, keyType: KeyType) {
        self.attributeName = attributeName
        self.keyType = keyType
    }
}

public struct AttributeDefinition: Hashable, Sendable {
    public var attributeName: String
    public var attributeType: ScalarAttributeType

    public init(attributeName: String, attributeType: ScalarAttributeType) {
        self.attributeName = attributeName
        self.attributeType = attributeType
    }
}

public struct CreateTableRequest: Sendable {
    public var tableName: String
    public var keySchema: [KeySchemaElement]
    public var attributeDefinitions: [AttributeDefinition]

    public init(tableName: String, keySchema: [KeySchemaElement], attributeDefinitions: [AttributeDefinition]) {
        self.tableName = tableName
        self.keySchema = keySchema
        self.attributeDefinitions = attributeDefinitions
    }

    /// A table keyed by one string attribute, the shape of every WebOrdinary table.
    public static func stringKeyed(_ tableName: String, hashKey: String, rangeKey: String? = nil) -> CreateTableRequest {
        var schema = [KeySchemaElement(attributeName: hashKey, keyType: .hash)]
        var definitions = [AttributeDefinition(attributeName: hashKey, attributeType: .s)]
        if let rangeKey {
            schema.append(KeySchemaElement(attributeName: rangeKey, keyType: .range))
            definitions.append(AttributeDefinition(attributeName: rangeKey, attributeType: .s))
        }
        return CreateTableRequest(tableName: tableName, keySchema: schema, attributeDefinitions: definitions)
    }
}

public struct TableDescription: Hashable, Sendable {
    public var tableName: String
    public var tableArn: String
    public var tableStatus: String
    public var keySchema: [KeySchemaElement]
    public var attributeDefinitions: [AttributeDefinition]
    public var itemCount: Int
    public var creationDateTime: Instant

    public init(
        tableName: String, tableArn: String, tableStatus: String, keySchema: [KeySchemaElement],
        attributeDefinitions: [AttributeDefinition], itemCount: Int, creationDateTime: Instant
    ) {
        self.tableName = tableName
        self.tableArn = tableArn
        self.tableStatus = tableStatus
        self.keySchema = keySchema
        self.attributeDefinitions = attributeDefinitions
        self.itemCount = itemCount
        self.creationDateTime = creationDateTime
    }
}

public enum ReturnValue: String, Sendable {
    case none = "NONE"
    case allOld = "ALL_OLD"
    case updatedOld = "UPDATED_OLD"
    case allNew = "ALL_NEW"
    case updatedNew = "UPDATED_NEW"
}

/// The expression parameters shared by every item operation.
public struct ExpressionParameters: Sendable {
    /// `#name` placeholders.
    public var names: [String: String]
    /// `:value` placeholders.
    public var values: DynamoDBItem

    public init(names: [String: String] = [:], values: DynamoDBItem = [:]) {
        self.names = names
        self.values = values
    }
}

public struct PutItemRequest: Sendable {
    public var tableName: String
    public var item: DynamoDBItem
    public var conditionExpression: String?
    public var expression: ExpressionParameters
    /// `NONE` or `ALL_OLD`.
    public var returnValues: ReturnValue
    /// When true, a failed condition returns the item in the error (`ReturnValuesOnConditionCheckFailure`).
    public var returnItemOnConditionCheckFailure: Bool

    public init(
        tableName: String, item: DynamoDBItem, conditionExpression: String? = nil,
        expression: ExpressionParameters = .init(), returnValues: ReturnValue = .none,
        returnItemOnConditionCheckFailure: Bool = false
    ) {
        self.tableName = tableName
        self.item = item
        self.conditionExpression = conditionExpression
        self.expression = expression
        self.returnValues = returnValues
        self.returnItemOnConditionCheckFailure = returnItemOnConditionCheckFailure
    }
}

public struct GetItemRequest: Sendable {
    public var tableName: String
    public var key: DynamoDBItem
    public var projectionExpression: String?
    public var expressionAttributeNames: [String: String]
    public var consistentRead: Bool

    public init(
        tableName: String, key: DynamoDBItem, projectionExpression: String? = nil,
        expressionAttributeNames: [String: String] = [:], consistentRead: Bool = false
    ) {
        self.tableName = tableName
        self.key = key
        self.projectionExpression = projectionExpression
        self.expressionAttributeNames = expressionAttributeNames
        self.consistentRead = consistentRead
    }
}

public struct UpdateItemRequest: Sendable {
    public var tableName: String
    public var key: DynamoDBItem
    public var updateExpression: String?
    public var conditionExpression: String?
    public var expression: ExpressionParameters
    public var returnValues: ReturnValue
    public var returnItemOnConditionCheckFailure: Bool

    public init(
        tableName: String, key: DynamoDBItem, updateExpression: String?, conditionExpression: String? = nil,
        expression: ExpressionParameters = .init(), returnValues: ReturnValue = .none,
        returnItemOnConditionCheckFailure: Bool = false
    ) {
        self.tableName = tableName
        self.key = key
        self.updateExpression = updateExpression
        self.conditionExpression = conditionExpression
        self.expression = expression
        self.returnValues = returnValues
        self.returnItemOnConditionCheckFailure = returnItemOnConditionCheckFailure
    }
}

public struct DeleteItemRequest: Sendable {
    public var tableName: String
    public var key: DynamoDBItem
    public var conditionExpression: String?
    public var expression: ExpressionParameters
    /// `NONE` or `ALL_OLD`.
    public var returnValues: ReturnValue
    public var returnItemOnConditionCheckFailure: Bool

    public init(
        tableName: String, key: DynamoDBItem, conditionExpression: String? = nil,
        expression: ExpressionParameters = .init(), returnValues: ReturnValue = .none,
        returnItemOnConditionCheckFailure: Bool = false
    ) {
        self.tableName = tableName
        self.key = key
        self.conditionExpression = conditionExpression
        self.expression = expression
        self.returnValues = returnValues
        self.returnItemOnConditionCheckFailure = returnItemOnConditionCheckFailure
    }
}

public enum SelectAttributes: String, Sendable {
    case allAttributes = "ALL_ATTRIBUTES"
    case count = "COUNT"
}

public struct QueryRequest: Sendable {
    public var tableName: String
    public var keyConditionExpression: String
    public var filterExpression: String?
    public var projectionExpression: String?
    public var expression: ExpressionParameters
    public var scanIndexForward: Bool
    /// Items evaluated (before the filter), as in AWS.
    public var limit: Int?
    public var exclusiveStartKey: DynamoDBItem?
    public var select: SelectAttributes

    public init(
        tableName: String, keyConditionExpression: String, filterExpression: String? = nil,
        projectionExpression: String? = nil, expression: ExpressionParameters = .init(),
        scanIndexForward: Bool = true, limit: Int? = nil, exclusiveStartKey: DynamoDBItem? = nil,
        select: SelectAttributes = .allAttributes
    ) {
        self.tableName = tableName
        self.keyConditionExpression = keyConditionExpression
        self.filterExpression = filterExpression
        self.projectionExpression = projectionExpression
        self.expression = expression
        self.scanIndexForward = scanIndexForward
        self.limit = limit
        self.exclusiveStartKey = exclusiveStartKey
        self.select = select
    }
}

public struct ScanRequest: Sendable {
    public var tableName: String
    public var filterExpression: String?
    public var projectionExpression: String?
    public var expression: ExpressionParameters
    public var limit: Int?
    public var exclusiveStartKey: DynamoDBItem?
    public var select: SelectAttributes

    public init(
        tableName: String, filterExpression: String? = nil, projectionExpression: String? = nil,
        expression: ExpressionParameters = .init(), limit: Int? = nil, exclusiveStartKey: DynamoDBItem? = nil,
        select: SelectAttributes = .allAttributes
    ) {
        self.tableName = tableName
        self.filterExpression = filterExpression
        self.projectionExpression = projectionExpression
        self.expression = expression
        self.limit = limit
        self.exclusiveStartKey = exclusiveStartKey
        self.select = select
    }
}

/// The result of a query or scan page.
public struct ItemPage: Sendable {
    public var items: [DynamoDBItem]
    /// Items that matched the filter.
    public var count: Int
    /// Items evaluated before the filter.
    public var scannedCount: Int
    /// Present when there may be more: pass it as `exclusiveStartKey` for the next page.
    public var lastEvaluatedKey: DynamoDBItem?

    public init(items: [DynamoDBItem], count: Int, scannedCount: Int, lastEvaluatedKey: DynamoDBItem?) {
        self.items = items
        self.count = count
        self.scannedCount = scannedCount
        self.lastEvaluatedKey = lastEvaluatedKey
    }
}

public struct TimeToLiveDescription: Hashable, Sendable {
    /// `ENABLED` or `DISABLED`.
    public var status: String
    public var attributeName: String?

    public init(status: String, attributeName: String?) {
        self.status = status
        self.attributeName = attributeName
    }
}
