import AWSPorts
import AWSSim
import Foundation
import Hermes
import Logging
import Messages
import SimKernel

/// Two clients (one with two sites), the tables and queues Hermes uses, and an edit service at 0 tasks, on an
/// in-memory database.
struct StaticDirectory: HermesDirectory {
    var sitesByClient: [String: [HermesSite]]
    var users: [String: String]

    func sites(of clientId: String) -> [HermesSite] { sitesByClient[clientId] ?? [] }
    func userId(forEmail email: String) -> String? { users[email.lowercased()] }
}

final class HermesWorld {
    let scheduler = Scheduler()
    let aws: SimulatedAWS
    let hermes: HermesService
    let unclaimedURL: String
    let ameliaQueueURL: String
    let cluster = "webordinary-edit-cluster"
    let service = "webordinary-edit-service"

    init() throws {
        aws = SimulatedAWS(
            database: try SimDatabase.inMemory(), scheduler: scheduler, seed: 7,
            options: SimulatedAWSOptions(latency: .zero, sqs: SQSOptions(shortPoll: .allAvailable)))
        let aws = self.aws
        func table(_ name: String, _ key: String) throws {
            _ = try aws.dynamodb.createTable(CreateTableRequest(
                tableName: name, keySchema: [KeySchemaElement(attributeName: key, keyType: .hash)],
                attributeDefinitions: [AttributeDefinition(attributeName: key, attributeType: .s)]))
        }
        try table("webordinary-edit-sessions", "sessionId")
        try table("webordinary-container-ownership", "siteKey")
        unclaimedURL = try aws.sqs.createQueue(CreateQueueRequest(queueName: "webordinary-unclaimed"))
        ameliaQueueURL = try aws.sqs.createQueue(CreateQueueRequest(queueName: "webordinary-input-amelia-amelia-astro"))
        let shopA = try aws.sqs.createQueue(CreateQueueRequest(queueName: "webordinary-input-shop-site-a"))
        let shopB = try aws.sqs.createQueue(CreateQueueRequest(queueName: "webordinary-input-shop-site-b"))
        _ = try aws.ecs.createCluster(cluster)
        _ = try aws.ecs.registerTaskDefinition(family: "edit", containerDefinitions: [ContainerDefinition(name: "edit", image: "edit")])
        _ = try aws.ecs.createService(CreateServiceRequest(cluster: cluster, serviceName: service, taskDefinition: "edit", desiredCount: 0))
        let directory = StaticDirectory(
            sitesByClient: [
                "amelia": [HermesSite(clientId: "amelia", projectId: "amelia-astro", inputQueueURL: ameliaQueueURL, previewHost: "edit.amelia.webordinary.com")],
                "shop": [
                    HermesSite(clientId: "shop", projectId: "site-a", inputQueueURL: shopA, previewHost: "edit.shop.webordinary.com"),
                    HermesSite(clientId: "shop", projectId: "site-b", inputQueueURL: shopB, previewHost: "edit.shop.webordinary.com"),
                ],
            ],
            users: ["test@example.com": "test-example"])
        let scheduler = self.scheduler
        hermes = HermesService(
            configuration: HermesConfiguration(unclaimedQueueURL: unclaimedURL), sqs: aws.sqs, dynamodb: aws.dynamodb, ecs: aws.ecs,
            directory: directory, ids: IDGenerator(SeededGenerator(seed: 11)), clock: { scheduler.now },
            logger: Logger(label: "hermes", factory: { _ in SwiftLogNoOpLogHandler() }))
    }

    func post(_ json: String) -> HTTPResponse {
        hermes.handle(.post("/api/sessions", json: json))
    }

    /// The bodies of every visible message on a queue (received with visibility 0, so nothing changes).
    func messages(on queueURL: String) throws -> [String] {
        try aws.sqs.receiveMessage(ReceiveMessageRequest(queueUrl: queueURL, maxNumberOfMessages: 10, visibilityTimeout: 0, waitTimeSeconds: 0))
            .messages.map(\.body)
    }

    func sessionRows() throws -> [DynamoDBItem] {
        try aws.dynamodb.scan(ScanRequest(tableName: "webordinary-edit-sessions")).items
    }

    var desiredEditTasks: Int {
        get throws { try aws.ecs.describeServices(cluster: cluster, services: [service]).services.first?.desiredCount ?? -1 }
    }

    /// Writes a live ownership row, as a worker's claim does.
    /// An ownership row; its `ttl` (default: 90 s ahead, as a heartbeat sets it) says whether it is live.
    func own(_ siteKey: String, ttl: Instant? = nil) throws {
        _ = try aws.dynamodb.putItem(PutItemRequest(tableName: "webordinary-container-ownership", item: [
            "siteKey": .s(siteKey), "containerId": .s("task-1"), "lastActivity": .number(scheduler.now.unixMilliseconds),
            "ttl": .number((ttl ?? scheduler.now + .seconds(90)).unixSeconds),
        ]))
    }
}

extension HTTPResponse {
    var json: [String: JSONValue] { (try? JSONValue.parse(bodyText))?.objectValue ?? [:] }
}
