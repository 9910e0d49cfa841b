import AWSPorts
import AWSSim
import Foundation
import SimKernel
import Testing

@Suite("DynamoDB update expressions")
struct DynamoDBUpdateTests {
    let world: TestWorld
    var ddb: SimulatedDynamoDB { world.aws.dynamodb }
    let table = "webordinary-containers"
    let key: DynamoDBItem = ["containerId": .s("container-1")]

    init() throws {
        world = try TestWorld()
        _ = try world.aws.dynamodb.createTable(.stringKeyed(table, hashKey: "containerId"))
    }

    func update(_ expression: String, names: [String: String] = [:], values: DynamoDBItem = [:],
                condition: String? = nil, returnValues: ReturnValue = .allNew) throws -> DynamoDBItem? {
        try ddb.updateItem(UpdateItemRequest(
            tableName: table, key: key, updateExpression: expression, conditionExpression: condition,
            expression: ExpressionParameters(names: names, values: values), returnValues: returnValues))
    }

    @Test func setCreatesTheItemAndComputesFromTheOldItem() throws {
        let created = try update("SET #s = :s, sessions = :zero, ctx = :ctx", names: ["#s": "status"],
                                 values: [":s": .s("starting"), ":zero": .n("0"), ":ctx": .m(["files": .l([])])])
        #expect(created == ["containerId": .s("container-1"), "status": .s("starting"), "sessions": .n("0"), "ctx": .m(["files": .l([])])])
        let next = try update("SET sessions = sessions + :one, previous = sessions, ctx.files = list_append(ctx.files, :f)",
                              values: [":one": .n("1"), ":f": .l([.s("index.astro")])])
        #expect(next?["sessions"] == .n("1"))
        #expect(next?["previous"] == .n("0"), "every SET value is computed from the item before the update")
        #expect(next?["ctx"] == .m(["files": .l([.s("index.astro")])]))
        let kept = try update("SET lastActivity = if_not_exists(lastActivity, :t)", values: [":t": .n("100")])
        #expect(kept?["lastActivity"] == .n("100"))
        #expect(try update("SET lastActivity = if_not_exists(lastActivity, :t)", values: [":t": .n("200")])?["lastActivity"] == .n("100"))
        #expect(try update("SET sessions = sessions - :one", values: [":one": .n("0.5")])?["sessions"] == .n("0.5"))
    }

    @Test func removeAddDeleteAndNestedPaths() throws {
        _ = try update("SET a = :a, b = :b, m = :m, l = :l",
                       values: [":a": .n("1"), ":b": .s("x"), ":m": .m(["nested": .m(["deep": .n("1")])]), ":l": .l([.n("1"), .n("2"), .n("3")])])
        var item = try update("REMOVE b, l[1] ADD a :two, tags :tags SET m.nested.deep = :nine",
                              values: [":two": .n("2"), ":tags": .ss(["x", "y"]), ":nine": .n("9")])
        #expect(item?["b"] == nil)
        #expect(item?["l"] == .l([.n("1"), .n("3")]))
        #expect(item?["a"] == .n("3"))
        #expect(item?["tags"] == .ss(["x", "y"]))
        #expect(item?["m"] == .m(["nested": .m(["deep": .n("9")])]))
        let overlap = expectAWSError("ValidationException") { _ = try update("DELETE tags :x ADD tags :z", values: [":x": .ss(["x"]), ":z": .ss(["z"])]) }
        #expect(overlap?.message.contains("Two document paths overlap") == true)
        item = try update("DELETE tags :both", values: [":both": .ss(["x", "y"])])
        #expect(item?["tags"] == nil, "an emptied set is removed")
        _ = expectAWSError("ValidationException") { _ = try update("SET absentAttr.child = :v", values: [":v": .n("1")]) }
        _ = expectAWSError("ValidationException") { _ = try update("SET a = nothere + :v", values: [":v": .n("1")]) }
        _ = expectAWSError("ValidationException") { _ = try update("SET a = b + :v", values: [":v": .s("x")]) }
        _ = expectAWSError("ValidationException") { _ = try update("ADD b :v", values: [":v": .s("x")]) }
    }

    @Test func keyAttributesClausesAndReturnValues() throws {
        _ = try update("SET v = :one", values: [":one": .n("1")])
        #expect(expectAWSError("ValidationException") { _ = try update("SET containerId = :c", values: [":c": .s("x")]) }?.message
            == "One or more parameter values were invalid: Cannot update attribute containerId. This attribute is part of the key")
        #expect(expectAWSError("ValidationException") { _ = try update("SET a = :one SET b = :one", values: [":one": .n("1")]) }?.message
            == "Invalid UpdateExpression: The \"SET\" section can only be used once in an update expression;")
        #expect(try update("SET v = :two", values: [":two": .n("2")], returnValues: .updatedOld) == ["v": .n("1")])
        #expect(try update("SET v = :three", values: [":three": .n("3")], returnValues: .updatedNew) == ["v": .n("3")])
        #expect(try update("SET v = :four", values: [":four": .n("4")], returnValues: .none) == nil)
        _ = expectAWSError("ConditionalCheckFailedException") {
            _ = try update("SET v = :five", values: [":five": .n("5"), ":four": .n("9")], condition: "v = :four")
        }
        #expect(try ddb.getItem(GetItemRequest(tableName: table, key: key))?["v"] == .n("4"), "a failed condition changes nothing")
    }
}

@Suite("DynamoDB query and scan")
struct DynamoDBQueryTests {
    let world: TestWorld
    var ddb: SimulatedDynamoDB { world.aws.dynamodb }

    init() throws {
        world = try TestWorld()
        _ = try world.aws.dynamodb.createTable(CreateTableRequest(
            tableName: "commits",
            keySchema: [KeySchemaElement(attributeName: "thread", keyType: .hash), KeySchemaElement(attributeName: "n", keyType: .range)],
            attributeDefinitions: [AttributeDefinition(attributeName: "thread", attributeType: .s),
                                   AttributeDefinition(attributeName: "n", attributeType: .n)]))
        for (thread, n) in [("thread-a", "-2"), ("thread-a", "10"), ("thread-a", "9"), ("thread-a", "1.5"), ("thread-a", "100"), ("thread-b", "1")] {
            _ = try world.aws.dynamodb.putItem(PutItemRequest(tableName: "commits", item: [
                "thread": .s(thread), "n": .n(n), "even": .bool((Double(n)! * 2).truncatingRemainder(dividingBy: 4) == 0),
            ]))
        }
    }

    func query(_ condition: String, values: DynamoDBItem, filter: String? = nil, forward: Bool = true, limit: Int? = nil,
               start: DynamoDBItem? = nil, select: SelectAttributes = .allAttributes) throws -> ItemPage {
        try ddb.query(QueryRequest(
            tableName: "commits", keyConditionExpression: condition, filterExpression: filter,
            expression: ExpressionParameters(values: values), scanIndexForward: forward, limit: limit, exclusiveStartKey: start,
            select: select))
    }

    @Test func rangeKeysSortNumerically() throws {
        let page = try query("thread = :t", values: [":t": .s("thread-a")])
        #expect(page.items.map { $0["n"]! } == [.n("-2"), .n("1.5"), .n("9"), .n("10"), .n("100")])
        let backwards = try query("thread = :t", values: [":t": .s("thread-a")], forward: false)
        #expect(backwards.items.first?["n"] == .n("100"))
        let between = try query("thread = :t AND n BETWEEN :lo AND :hi", values: [":t": .s("thread-a"), ":lo": .n("1"), ":hi": .n("10")])
        #expect(between.items.map { $0["n"]! } == [.n("1.5"), .n("9"), .n("10")])
        #expect(try query("thread = :t AND n > :x", values: [":t": .s("thread-a"), ":x": .n("9")]).count == 2)
    }

    @Test func limitPagesAndFiltersCountAfterTheLimit() throws {
        var start: DynamoDBItem?
        var seen: [AttributeValue] = []
        var pages = 0
        repeat {
            let page = try query("thread = :t", values: [":t": .s("thread-a")], limit: 2, start: start)
            #expect(page.scannedCount <= 2)
            seen += page.items.map { $0["n"]! }
            start = page.lastEvaluatedKey
            pages += 1
        } while start != nil && pages < 10
        #expect(seen.count == 5)
        let filtered = try query("thread = :t", values: [":t": .s("thread-a"), ":yes": .bool(true)], filter: "even = :yes", limit: 3)
        #expect(filtered.scannedCount == 3)
        #expect(filtered.count == filtered.items.count)
        let counted = try query("thread = :t", values: [":t": .s("thread-a")], select: .count)
        #expect(counted.count == 5 && counted.items.isEmpty)
    }

    @Test func keyConditionRules() throws {
        #expect(expectAWSError("ValidationException") { _ = try query("n = :n", values: [":n": .n("1")]) }?.message
            == "Query condition missed key schema element: thread")
        _ = expectAWSError("ValidationException") { _ = try query("thread = :t OR thread = :u", values: [":t": .s("a"), ":u": .s("b")]) }
        _ = expectAWSError("ValidationException") { _ = try query("thread = :t", values: [":t": .s("a")], filter: "n = :t") }
        _ = expectAWSError("ValidationException") { _ = try query("thread = :t", values: [":t": .n("1")]) }
        _ = expectAWSError("ValidationException") { _ = try query("thread = :t", values: [":t": .s("a")], limit: 0) }
    }

    @Test func scanIsStableAndPaged() throws {
        let all = try ddb.scan(ScanRequest(tableName: "commits"))
        #expect(all.count == 6)
        let again = try ddb.scan(ScanRequest(tableName: "commits"))
        #expect(all.items == again.items)
        var start: DynamoDBItem?
        var total = 0
        repeat {
            let page = try ddb.scan(ScanRequest(tableName: "commits", limit: 4, exclusiveStartKey: start))
            total += page.count
            start = page.lastEvaluatedKey
        } while start != nil
        #expect(total == 6)
        let filtered = try ddb.scan(ScanRequest(tableName: "commits", filterExpression: "thread = :b", expression: ExpressionParameters(values: [":b": .s("thread-b")])))
        #expect(filtered.count == 1 && filtered.scannedCount == 6)
    }
}

@Suite("DynamoDB TTL")
struct DynamoDBTTLTests {
    func world(_ options: DynamoDBOptions = DynamoDBOptions()) throws -> TestWorld {
        let world = try TestWorld(dynamodb: options)
        _ = try world.aws.dynamodb.createTable(.stringKeyed("webordinary-container-ownership", hashKey: "siteKey"))
        try world.aws.dynamodb.updateTimeToLive(tableName: "webordinary-container-ownership", attributeName: "ttl", enabled: true)
        return world
    }

    func put(_ world: TestWorld, _ key: String, ttl: Int64) throws {
        _ = try world.aws.dynamodb.putItem(PutItemRequest(
            tableName: "webordinary-container-ownership", item: ["siteKey": .s(key), "ttl": .number(ttl)]))
    }

    func get(_ world: TestWorld, _ key: String) throws -> DynamoDBItem? {
        try world.aws.dynamodb.getItem(GetItemRequest(tableName: "webordinary-container-ownership", key: ["siteKey": .s(key)]))
    }

    @Test func expiredItemsStopBeingReturnedAndAreReapedOnSimulatedTime() throws {
        let world = try world()
        let now = world.now.unixSeconds
        try put(world, "amelia#stamps", ttl: now + 60)
        try put(world, "client-a#site", ttl: now + 600)
        #expect(try world.aws.dynamodb.describeTimeToLive("webordinary-container-ownership")
            == TimeToLiveDescription(status: "ENABLED", attributeName: "ttl"))
        world.advance(.seconds(60))
        #expect(try get(world, "amelia#stamps") != nil, "not expired while ttl equals now")
        world.advance(.seconds(1))
        #expect(try get(world, "amelia#stamps") == nil)
        #expect(try world.aws.dynamodb.scan(ScanRequest(tableName: "webordinary-container-ownership")).count == 1)
        let reaped = try world.events(service: "dynamodb").filter { $0.operation == "TTLDeleteItem" }
        #expect(reaped.count == 1 && reaped[0].keys.contains("amelia#stamps"))
        world.advance(.seconds(600))
        #expect(try world.events(service: "dynamodb").filter { $0.operation == "TTLDeleteItem" }.count == 2)
        #expect(world.scheduler.pendingCount == 0, "no timer left once everything is reaped")
    }

    @Test func anExpiredClaimCanBeTakenWithAttributeNotExists() throws {
        let world = try world(DynamoDBOptions(ttlDeletionDelay: .seconds(3600) ... .seconds(3600)))
        try put(world, "amelia#stamps", ttl: world.now.unixSeconds + 10)
        world.advance(.seconds(11))
        _ = try world.aws.dynamodb.putItem(PutItemRequest(
            tableName: "webordinary-container-ownership", item: ["siteKey": .s("amelia#stamps"), "containerId": .s("c2")],
            conditionExpression: "attribute_not_exists(siteKey)"))
        #expect(try get(world, "amelia#stamps")?["containerId"] == .s("c2"))
    }

    @Test func awsModeShowsExpiredItemsUntilTheReaperDeletesThem() throws {
        let world = try world(DynamoDBOptions(expiredItems: .visibleUntilDeleted, ttlDeletionDelay: .seconds(3600) ... .seconds(3600)))
        try put(world, "amelia#stamps", ttl: world.now.unixSeconds + 10)
        world.advance(.seconds(60))
        #expect(try get(world, "amelia#stamps") != nil, "AWS still returns expired items until deletion")
        world.advance(.seconds(3600))
        #expect(try get(world, "amelia#stamps") == nil)
    }

    @Test func ttlSettingsAreValidated() throws {
        let world = try world()
        _ = expectAWSError("ValidationException") {
            try world.aws.dynamodb.updateTimeToLive(tableName: "webordinary-container-ownership", attributeName: "ttl", enabled: true)
        }
        try world.aws.dynamodb.updateTimeToLive(tableName: "webordinary-container-ownership", attributeName: "ttl", enabled: false)
        try put(world, "k", ttl: world.now.unixSeconds - 10)
        #expect(try get(world, "k") != nil, "without TTL nothing expires")
    }
}
