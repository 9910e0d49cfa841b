import AWSPorts
import AWSSim
import Foundation
import SimKernel
import Testing

@Suite("DynamoDB tables and items")
struct DynamoDBTableTests {
    let world: TestWorld
    var ddb: SimulatedDynamoDB { world.aws.dynamodb }

    init() throws {
        world = try TestWorld()
        _ = try world.aws.dynamodb.createTable(.stringKeyed("webordinary-edit-sessions", hashKey: "sessionId"))
        _ = try world.aws.dynamodb.createTable(CreateTableRequest(
            tableName: "events",
            keySchema: [KeySchemaElement(attributeName: "pk", keyType: .hash), KeySchemaElement(attributeName: "seq", keyType: .range)],
            attributeDefinitions: [AttributeDefinition(attributeName: "pk", attributeType: .s),
                                   AttributeDefinition(attributeName: "seq", attributeType: .n)]))
    }

    @Test func tableLifecycle() throws {
        #expect(try ddb.listTables() == ["events", "webordinary-edit-sessions"])
        let described = try ddb.describeTable("events")
        #expect(described.keySchema.map(\.attributeName) == ["pk", "seq"])
        #expect(described.tableArn == "arn:aws:dynamodb:us-west-2:123456789012:table/events")
        #expect(described.tableStatus == "ACTIVE")
        _ = expectAWSError("ResourceInUseException") { _ = try ddb.createTable(.stringKeyed("events", hashKey: "pk")) }
        let missing = expectAWSError("ResourceNotFoundException") { _ = try ddb.describeTable("nope") }
        #expect(missing?.message == "Requested resource not found: Table: nope not found")
        _ = expectAWSError("ResourceNotFoundException") {
            _ = try ddb.getItem(GetItemRequest(tableName: "nope", key: ["k": .s("v")]))
        }
        _ = expectAWSError("ValidationException") {
            _ = try ddb.createTable(CreateTableRequest(
                tableName: "bad", keySchema: [KeySchemaElement(attributeName: "a", keyType: .hash)],
                attributeDefinitions: [AttributeDefinition(attributeName: "b", attributeType: .s)]))
        }
        try ddb.deleteTable("events")
        #expect(try ddb.listTables() == ["webordinary-edit-sessions"])
    }

    @Test func putGetAndNumberNormalisation() throws {
        _ = try ddb.putItem(PutItemRequest(tableName: "webordinary-edit-sessions", item: [
            "sessionId": .s("session-aaa-111"), "count": .n("01.50"), "tags": .ss(["a", "b"]),
            "context": .m(["branch": .s("thread-aaa"), "files": .l([.s("index.astro")])]), "active": .bool(true), "gone": .null,
        ]))
        let item = try ddb.getItem(GetItemRequest(tableName: "webordinary-edit-sessions", key: ["sessionId": .s("session-aaa-111")]))
        #expect(item?["count"] == .n("1.5"))
        #expect(item?["context"] == .m(["branch": .s("thread-aaa"), "files": .l([.s("index.astro")])]))
        #expect(item?["gone"] == .null)
        #expect(try ddb.getItem(GetItemRequest(tableName: "webordinary-edit-sessions", key: ["sessionId": .s("other")])) == nil)
        #expect(try ddb.describeTable("webordinary-edit-sessions").itemCount == 1)
    }

    @Test func keysAreValidatedAgainstTheSchema() throws {
        let table = "webordinary-edit-sessions"
        let missing = expectAWSError("ValidationException") {
            _ = try ddb.putItem(PutItemRequest(tableName: table, item: ["other": .s("x")]))
        }
        #expect(missing?.message == "One or more parameter values were invalid: Missing the key sessionId in the item")
        let mismatch = expectAWSError("ValidationException") {
            _ = try ddb.putItem(PutItemRequest(tableName: table, item: ["sessionId": .n("1")]))
        }
        #expect(mismatch?.message == "One or more parameter values were invalid: Type mismatch for key sessionId expected: S actual: N")
        let empty = expectAWSError("ValidationException") {
            _ = try ddb.putItem(PutItemRequest(tableName: table, item: ["sessionId": .s("")]))
        }
        #expect(empty?.message.contains("cannot contain an empty string value") == true)
        // The real system's bug: GetItem with only sessionId on a composite-key table.
        let schema = expectAWSError("ValidationException") {
            _ = try ddb.getItem(GetItemRequest(tableName: "events", key: ["pk": .s("a")]))
        }
        #expect(schema?.message == "The provided key element does not match the schema")
        _ = expectAWSError("ValidationException") {
            _ = try ddb.getItem(GetItemRequest(tableName: table, key: ["sessionId": .s("a"), "extra": .s("b")]))
        }
    }

    @Test func valuesAreValidated() throws {
        let table = "webordinary-edit-sessions"
        #expect(expectAWSError("ValidationException") {
            _ = try ddb.putItem(PutItemRequest(tableName: table, item: ["sessionId": .s("a"), "n": .n("twelve")]))
        }?.message == "A value provided cannot be converted into a number")
        #expect(expectAWSError("ValidationException") {
            _ = try ddb.putItem(PutItemRequest(tableName: table, item: ["sessionId": .s("a"), "s": .ss([])]))
        }?.message == "One or more parameter values were invalid: An string set  may not be empty")
        _ = expectAWSError("ValidationException") {
            _ = try ddb.putItem(PutItemRequest(tableName: table, item: ["sessionId": .s("a"), "s": .ss(["x", "x"])]))
        }
        _ = expectAWSError("ValidationException") {
            _ = try ddb.putItem(PutItemRequest(tableName: table, item: ["sessionId": .s("a"), "n": .n("1" + String(repeating: "1", count: 38))]))
        }
        let large = expectAWSError("ValidationException") {
            _ = try ddb.putItem(PutItemRequest(tableName: table, item: ["sessionId": .s("a"), "blob": .s(String(repeating: "x", count: 410_000))]))
        }
        #expect(large?.message == "Item size has exceeded the maximum allowed size")
    }

    @Test func projectionExpressions() throws {
        let table = "webordinary-edit-sessions"
        _ = try ddb.putItem(PutItemRequest(tableName: table, item: [
            "sessionId": .s("s1"), "status": .s("active"), "context": .m(["branch": .s("thread-a"), "commit": .s("abc")]),
            "files": .l([.s("a"), .s("b"), .s("c")]),
        ]))
        let projected = try ddb.getItem(GetItemRequest(
            tableName: table, key: ["sessionId": .s("s1")], projectionExpression: "#s, context.branch, files[2]",
            expressionAttributeNames: ["#s": "status"]))
        #expect(projected == ["status": .s("active"), "context": .m(["branch": .s("thread-a")]), "files": .l([.s("c")])])
    }
}

@Suite("DynamoDB condition expressions")
struct DynamoDBConditionTests {
    let world: TestWorld
    var ddb: SimulatedDynamoDB { world.aws.dynamodb }
    let table = "webordinary-container-ownership"

    init() throws {
        world = try TestWorld()
        _ = try world.aws.dynamodb.createTable(.stringKeyed(table, hashKey: "siteKey"))
    }

    func claim(_ container: String, now: Int64) throws {
        _ = try ddb.putItem(PutItemRequest(
            tableName: table,
            item: ["siteKey": .s("amelia#stamps"), "containerId": .s(container), "ttl": .number(now + 3600)],
            conditionExpression: "attribute_not_exists(siteKey) OR #ttl < :now",
            expression: ExpressionParameters(names: ["#ttl": "ttl"], values: [":now": .number(now)])))
    }

    /// A TTL written in milliseconds (a common mistake) is far beyond what an instant holds: the item stays.
    @Test func aTTLBeyondAnInstantsRangeNeverExpires() throws {
        try ddb.updateTimeToLive(tableName: table, attributeName: "ttl", enabled: true)
        _ = try ddb.putItem(PutItemRequest(tableName: table, item: ["siteKey": .s("a"), "ttl": .number(world.now.unixSeconds * 1000)]))
        _ = try ddb.putItem(PutItemRequest(tableName: table, item: ["siteKey": .s("b"), "ttl": .n("1e40")]))
        world.advance(.seconds(3 * 86_400))
        #expect(try ddb.getItem(GetItemRequest(tableName: table, key: ["siteKey": .s("a")])) != nil)
        #expect(try ddb.getItem(GetItemRequest(tableName: table, key: ["siteKey": .s("b")])) != nil)
    }

    @Test func theOwnershipClaimIsExclusiveUntilItsTTLPasses() throws {
        let now = world.now.unixSeconds
        try claim("container-1", now: now)
        let lost = expectAWSError("ConditionalCheckFailedException") { try claim("container-2", now: now + 10) }
        #expect(lost?.message == "The conditional request failed")
        try claim("container-2", now: now + 3601)
        let owner = try ddb.getItem(GetItemRequest(tableName: table, key: ["siteKey": .s("amelia#stamps")]))
        #expect(owner?["containerId"] == .s("container-2"))
    }

    @Test func failedConditionsCanReturnTheItem() throws {
        try claim("container-1", now: world.now.unixSeconds)
        let error = expectAWSError("ConditionalCheckFailedException") {
            _ = try ddb.putItem(PutItemRequest(
                tableName: table, item: ["siteKey": .s("amelia#stamps")], conditionExpression: "attribute_not_exists(siteKey)",
                returnItemOnConditionCheckFailure: true))
        }
        #expect(error?.item?["containerId"] == .s("container-1"))
    }

    @Test(arguments: [
        ("#c = :c", true), ("#c <> :c", false), ("attempts > :two", true), ("attempts BETWEEN :two AND :five", true),
        ("#c IN (:x, :c)", true), ("begins_with(#c, :prefix)", true), ("contains(tags, :tag)", true),
        ("size(tags) = :two", true), ("attribute_type(attempts, :numberType)", true), ("NOT attribute_exists(absentAttr)", true),
        ("absentAttr = :c", false), ("absentAttr <> :c", true), ("attempts < :c", false), ("(#c = :x OR attempts = :three) AND NOT #c = :x", true),
    ])
    func conditionSemantics(_ expression: String, _ expected: Bool) throws {
        _ = try ddb.putItem(PutItemRequest(tableName: table, item: [
            "siteKey": .s("k"), "containerId": .s("container-1"), "attempts": .n("3"), "tags": .ss(["a", "b"]),
        ]))
        let all: [String: AttributeValue] = [
            ":c": .s("container-1"), ":two": .n("2"), ":five": .n("5"), ":three": .n("3.0"), ":x": .s("other"),
            ":prefix": .s("container-"), ":tag": .s("b"), ":numberType": .s("N"),
        ]
        let used = all.filter { expression.contains($0.key) }
        let names = expression.contains("#c") ? ["#c": "containerId"] : [:]
        do {
            _ = try ddb.putItem(PutItemRequest(
                tableName: table, item: ["siteKey": .s("k"), "containerId": .s("container-1"), "attempts": .n("3"), "tags": .ss(["a", "b"])],
                conditionExpression: expression, expression: ExpressionParameters(names: names, values: used)))
            #expect(expected, "\(expression) should have failed")
        } catch {
            #expect(!expected && error.code == "ConditionalCheckFailedException", "\(expression): \(error)")
        }
    }

    @Test func placeholdersReservedWordsAndSyntaxAreChecked() throws {
        func put(_ condition: String, names: [String: String] = [:], values: [String: AttributeValue] = [:]) throws {
            _ = try ddb.putItem(PutItemRequest(
                tableName: table, item: ["siteKey": .s("k")], conditionExpression: condition,
                expression: ExpressionParameters(names: names, values: values)))
        }
        #expect(expectAWSError("ValidationException") { try put("attribute_not_exists(status)") }?.message
            == "Invalid ConditionExpression: Attribute name is a reserved keyword; reserved keyword: status")
        #expect(expectAWSError("ValidationException") { try put("#s = :v", values: [":v": .s("x")]) }?.message
            == "Invalid ConditionExpression: An expression attribute name used in the document path is not defined; attribute name: #s")
        #expect(expectAWSError("ValidationException") { try put("a = :v") }?.message
            == "Invalid ConditionExpression: An expression attribute value used in expression is not defined; attribute value: :v")
        #expect(expectAWSError("ValidationException") { try put("a = :v", values: [":v": .s("x"), ":unused": .s("y")]) }?.message
            == "Value provided in ExpressionAttributeValues unused in expressions: keys: {:unused}")
        #expect(expectAWSError("ValidationException") { try put("a = :v", names: ["#n": "x"], values: [":v": .s("x")]) }?.message
            == "Value provided in ExpressionAttributeNames unused in expressions: keys: {#n}")
        let syntax = expectAWSError("ValidationException") { try put("a = = :v", values: [":v": .s("x")]) }
        #expect(syntax?.message.hasPrefix("Invalid ConditionExpression: Syntax error; token: \"=\"") == true)
        #expect(expectAWSError("ValidationException") { try put("a < :m", values: [":m": .m([:])]) }?.message
            == "Invalid ConditionExpression: Incorrect operand type for operator or function; operator or function: <, operand type: M")
        _ = expectAWSError("ValidationException") { try put("a BETWEEN :hi AND :lo", values: [":hi": .n("5"), ":lo": .n("1")]) }
        _ = expectAWSError("ValidationException") { try put("nonsense(a)") }
        _ = expectAWSError("ValidationException") {
            _ = try ddb.putItem(PutItemRequest(tableName: table, item: ["siteKey": .s("k")], expression: ExpressionParameters(values: [":v": .s("x")])))
        }
    }
}
