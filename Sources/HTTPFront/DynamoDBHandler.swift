import AWSPorts
import AWSSim
import Foundation
import SimKernel

/// DynamoDB in AWS JSON 1.0 (`X-Amz-Target: DynamoDB_20120810.<Operation>`).
enum DynamoDBHandler {
    static let contentType = "application/x-amz-json-1.0"

    enum Operation: String, CaseIterable {
        case createTable = "CreateTable"
        case describeTable = "DescribeTable"
        case deleteTable = "DeleteTable"
        case listTables = "ListTables"
        case updateTimeToLive = "UpdateTimeToLive"
        case describeTimeToLive = "DescribeTimeToLive"
        case putItem = "PutItem"
        case getItem = "GetItem"
        case updateItem = "UpdateItem"
        case deleteItem = "DeleteItem"
        case query = "Query"
        case scan = "Scan"
    }

    /// Parameters wsim does not take (the pre-2014 API, secondary indexes, streams): an error names them
    /// instead of ignoring them.
    static let legacyParameters = ["GlobalSecondaryIndexes", "LocalSecondaryIndexes", "StreamSpecification", "KeyConditions", "QueryFilter", "ScanFilter", "AttributesToGet", "Expected", "AttributeUpdates", "ConditionalOperator", "IndexName", "Segment", "TotalSegments"]

    static func handle(_ operationName: String, body: JSONValue, _ context: WireContext) throws(AWSError) -> WireOutcome {
        guard let operation = Operation(rawValue: operationName) else {
            throw WireErrors.unknownOperation(operationName, service: .dynamodb)
        }
        let input = try WireInput(body, service: .dynamodb)
        for name in legacyParameters where input.has(name) {
            throw AWSError(code: "ValidationException", message: "wsim does not support the parameter \(name); use the expression parameters (KeyConditionExpression, FilterExpression, ProjectionExpression, ConditionExpression, UpdateExpression) and the table's primary key (no secondary indexes or streams)")
        }
        let answer = try run(operation, input, context.aws.dynamodb)
        return .answer(WireResponse(
            status: 200, headers: [("Content-Type", contentType), ("x-amzn-RequestId", context.requestId)],
            body: Data(answer.canonicalText.utf8)))
    }

    static func run(_ operation: Operation, _ input: WireInput, _ dynamodb: SimulatedDynamoDB) throws(AWSError) -> JSONValue {
        switch operation {
        case .createTable:
            var schema: [KeySchemaElement] = []
            for element in try input.objectList("KeySchema") ?? [] {
                guard let keyType = KeyType(rawValue: try element.string("KeyType")) else {
                    throw WireErrors.invalidValue("KeySchema.KeyType", "Member must satisfy enum value set: [HASH, RANGE]", service: .dynamodb)
                }
                schema.append(KeySchemaElement(attributeName: try element.string("AttributeName"), keyType: keyType))
            }
            var definitions: [AttributeDefinition] = []
            for definition in try input.objectList("AttributeDefinitions") ?? [] {
                guard let type = ScalarAttributeType(rawValue: try definition.string("AttributeType")) else {
                    throw WireErrors.invalidValue("AttributeDefinitions.AttributeType", "Member must satisfy enum value set: [B, N, S]", service: .dynamodb)
                }
                definitions.append(AttributeDefinition(attributeName: try definition.string("AttributeName"), attributeType: type))
            }
            let table = try dynamodb.createTable(CreateTableRequest(tableName: try input.string("TableName"), keySchema: schema, attributeDefinitions: definitions))
            return .object(["TableDescription": describe(table)])
        case .describeTable:
            return .object(["Table": describe(try dynamodb.describeTable(try input.string("TableName")))])
        case .deleteTable:
            let name = try input.string("TableName")
            var table = try dynamodb.describeTable(name)
            try dynamodb.deleteTable(name)
            table.tableStatus = "DELETING"
            return .object(["TableDescription": describe(table)])
        case .listTables:
            let names = try dynamodb.listTables().sorted()
            let start = try input.optionalString("ExclusiveStartTableName")
            let limit = try input.optionalInt("Limit") ?? 100
            guard (1...100).contains(limit) else {
                throw WireErrors.invalidValue("Limit", "Member must have value between 1 and 100", service: .dynamodb)
            }
            let after = names.filter { start == nil || $0 > start! }
            let page = Array(after.prefix(limit))
            return JSONAnswer.object([
                ("TableNames", JSONAnswer.strings(page)),
                ("LastEvaluatedTableName", after.count > limit ? page.last.map { .string($0) } : nil),
            ])
        case .updateTimeToLive:
            guard let specification = try input.object("TimeToLiveSpecification") else {
                throw WireErrors.missing("TimeToLiveSpecification", service: .dynamodb)
            }
            let name = try specification.string("AttributeName")
            let enabled = try specification.optionalBool("Enabled") ?? false
            try dynamodb.updateTimeToLive(tableName: try input.string("TableName"), attributeName: name, enabled: enabled)
            return .object(["TimeToLiveSpecification": .object(["AttributeName": .string(name), "Enabled": .bool(enabled)])])
        case .describeTimeToLive:
            let description = try dynamodb.describeTimeToLive(try input.string("TableName"))
            return .object(["TimeToLiveDescription": JSONAnswer.object([
                ("TimeToLiveStatus", .string(description.status)), ("AttributeName", description.attributeName.map { .string($0) }),
            ])])
        case .putItem:
            let old = try dynamodb.putItem(PutItemRequest(
                tableName: try input.string("TableName"), item: try item(input, "Item"),
                conditionExpression: try input.optionalString("ConditionExpression"), expression: try expression(input),
                returnValues: try returnValues(input), returnItemOnConditionCheckFailure: try returnOnFailure(input)))
            return attributes(old)
        case .getItem:
            let found = try dynamodb.getItem(GetItemRequest(
                tableName: try input.string("TableName"), key: try item(input, "Key"),
                projectionExpression: try input.optionalString("ProjectionExpression"),
                expressionAttributeNames: try input.stringMap("ExpressionAttributeNames") ?? [:],
                consistentRead: try input.bool("ConsistentRead", default: false)))
            return JSONAnswer.object([("Item", found.map(AttributeValueJSON.encode))])
        case .updateItem:
            let values = try dynamodb.updateItem(UpdateItemRequest(
                tableName: try input.string("TableName"), key: try item(input, "Key"),
                updateExpression: try input.optionalString("UpdateExpression"),
                conditionExpression: try input.optionalString("ConditionExpression"), expression: try expression(input),
                returnValues: try returnValues(input), returnItemOnConditionCheckFailure: try returnOnFailure(input)))
            return attributes(values)
        case .deleteItem:
            let old = try dynamodb.deleteItem(DeleteItemRequest(
                tableName: try input.string("TableName"), key: try item(input, "Key"),
                conditionExpression: try input.optionalString("ConditionExpression"), expression: try expression(input),
                returnValues: try returnValues(input), returnItemOnConditionCheckFailure: try returnOnFailure(input)))
            return attributes(old)
        case .query:
            let page = try dynamodb.query(QueryRequest(
                tableName: try input.string("TableName"), keyConditionExpression: try input.string("KeyConditionExpression"),
                filterExpression: try input.optionalString("FilterExpression"),
                projectionExpression: try input.optionalString("ProjectionExpression"), expression: try expression(input),
                scanIndexForward: try input.bool("ScanIndexForward", default: true), limit: try input.optionalInt("Limit"),
                exclusiveStartKey: try optionalItem(input, "ExclusiveStartKey"), select: try select(input)))
            return encode(page)
        case .scan:
            let page = try dynamodb.scan(ScanRequest(
                tableName: try input.string("TableName"), filterExpression: try input.optionalString("FilterExpression"),
                projectionExpression: try input.optionalString("ProjectionExpression"), expression: try expression(input),
                limit: try input.optionalInt("Limit"), exclusiveStartKey: try optionalItem(input, "ExclusiveStartKey"),
                select: try select(input)))
            return encode(page)
        }
    }

    static func describe(_ table: TableDescription) -> JSONValue {
        .object([
            "TableName": .string(table.tableName),
            "TableArn": .string(table.tableArn),
            "TableStatus": .string(table.tableStatus),
            "KeySchema": .array(table.keySchema.map { .object(["AttributeName": .string($0.attributeName), "KeyType": .string($0.keyType.rawValue)]) }),
            "AttributeDefinitions": .array(table.attributeDefinitions.map { .object(["AttributeName": .string($0.attributeName), "AttributeType": .string($0.attributeType.rawValue)]) }),
            "ItemCount": JSONAnswer.number(table.itemCount),
            "TableSizeBytes": .number("0"),
            "CreationDateTime": JSONAnswer.epochSeconds(table.creationDateTime),
            "BillingModeSummary": .object(["BillingMode": .string("PAY_PER_REQUEST")]),
            "ProvisionedThroughput": .object(["ReadCapacityUnits": .number("0"), "WriteCapacityUnits": .number("0"), "NumberOfDecreasesToday": .number("0")]),
        ])
    }

    private static func attributes(_ item: DynamoDBItem?) -> JSONValue {
        JSONAnswer.object([("Attributes", item.map(AttributeValueJSON.encode))])
    }

    private static func encode(_ page: ItemPage) -> JSONValue {
        JSONAnswer.object([
            ("Items", .array(page.items.map(AttributeValueJSON.encode))),
            ("Count", JSONAnswer.number(page.count)),
            ("ScannedCount", JSONAnswer.number(page.scannedCount)),
            ("LastEvaluatedKey", page.lastEvaluatedKey.map(AttributeValueJSON.encode)),
        ])
    }

    private static func item(_ input: WireInput, _ name: String) throws(AWSError) -> DynamoDBItem {
        guard let value = try optionalItem(input, name) else { throw WireErrors.missing(name, service: .dynamodb) }
        return value
    }

    private static func optionalItem(_ input: WireInput, _ name: String) throws(AWSError) -> DynamoDBItem? {
        guard let object = try input.optionalObject(name) else { return nil }
        return try AttributeValueJSON.decodeItem(.object(object), member: name)
    }

    private static func expression(_ input: WireInput) throws(AWSError) -> ExpressionParameters {
        ExpressionParameters(
            names: try input.stringMap("ExpressionAttributeNames") ?? [:],
            values: try optionalItem(input, "ExpressionAttributeValues") ?? [:])
    }

    private static func returnValues(_ input: WireInput) throws(AWSError) -> ReturnValue {
        guard let text = try input.optionalString("ReturnValues") else { return .none }
        guard let value = ReturnValue(rawValue: text) else {
            throw WireErrors.invalidValue("ReturnValues", "Member must satisfy enum value set: [ALL_NEW, UPDATED_OLD, ALL_OLD, NONE, UPDATED_NEW]", service: .dynamodb)
        }
        return value
    }

    private static func returnOnFailure(_ input: WireInput) throws(AWSError) -> Bool {
        switch try input.optionalString("ReturnValuesOnConditionCheckFailure") {
        case nil, "NONE"?: return false
        case "ALL_OLD"?: return true
        default:
            throw WireErrors.invalidValue("ReturnValuesOnConditionCheckFailure", "Member must satisfy enum value set: [ALL_OLD, NONE]", service: .dynamodb)
        }
    }

    private static func select(_ input: WireInput) throws(AWSError) -> SelectAttributes {
        guard let text = try input.optionalString("Select") else { return .allAttributes }
        guard let value = SelectAttributes(rawValue: text) else {
            throw WireErrors.invalidValue("Select", "wsim supports ALL_ATTRIBUTES and COUNT", service: .dynamodb)
        }
        return value
    }
}
