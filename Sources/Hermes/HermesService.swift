import AWSPorts
import Foundation
import Logging
import Messages
import SimKernel

/// Hermes, the session API of SPEC section 4, as one task of `webordinary-hermes-service` runs it behind the
/// load balancer (`/api/*` and `/hermes/*`):
///
/// - `POST /api/sessions` `{clientId, projectId?, userId, instruction, chatThreadId?}`: writes the session row
///   (or continues the session of an existing thread), sends the work message to the site's input queue,
///   sends a claim request when no live container owns the site, and asks the edit service for another task
///   when the sites waiting for one outnumber its tasks (at most 3). Answers 201 with the session.
/// - `GET /api/sessions/{id}`: the session row.
/// - `POST /api/sessions/resume-preview` `{chatThreadId}`: wakes the site of a thread whose preview was asked
///   for while no container served it.
/// - `GET /hermes/health`.
///
/// It calls AWS through the ports, reads no clock (the host passes one) and draws ids from a seeded generator.
public final class HermesService: HTTPHandler {
    let configuration: HermesConfiguration
    let sqs: any SQSAPI
    let dynamodb: any DynamoDBAPI
    let ecs: any ECSAPI
    let directory: any HermesDirectory
    let clock: () -> Instant
    public let logger: Logger
    private var ids: IDGenerator
    /// When a claim request last went out, by site key (this task's memory; a new task starts empty).
    private var claimsSent: [String: Instant] = [:]
    /// Consulted first for every request by operation (`CreateSession`, `GetSession`, `ResumePreview`,
    /// `Health`): a response here is returned instead (fault plans throttle Hermes this way).
    public var faults: ((String) -> HTTPResponse?)?

    public init(
        configuration: HermesConfiguration, sqs: any SQSAPI, dynamodb: any DynamoDBAPI, ecs: any ECSAPI,
        directory: any HermesDirectory, ids: IDGenerator, clock: @escaping () -> Instant, logger: Logger
    ) {
        self.configuration = configuration
        self.sqs = sqs
        self.dynamodb = dynamodb
        self.ecs = ecs
        self.directory = directory
        self.ids = ids
        self.clock = clock
        self.logger = logger
    }

    var now: Instant { clock() }

    public func handle(_ request: HTTPRequest) -> HTTPResponse {
        var path = request.pathOnly
        if path.hasPrefix("/hermes/") { path = String(path.dropFirst("/hermes".count)) }
        let parts = path.split(separator: "/").map(String.init)
        let operation: String
        let allowed: String
        switch (parts.first, parts.count) {
        case ("health"?, 1): (operation, allowed) = ("Health", "GET")
        case ("api"?, 2) where parts[1] == "sessions": (operation, allowed) = ("CreateSession", "POST")
        case ("api"?, 3) where parts[1] == "sessions" && parts[2] == "resume-preview": (operation, allowed) = ("ResumePreview", "POST")
        case ("api"?, 3) where parts[1] == "sessions": (operation, allowed) = ("GetSession", "GET")
        default:
            return error(404, "no route for \(request.method) \(request.pathOnly)")
        }
        guard request.method == allowed else {
            var response = error(405, "\(request.pathOnly) takes \(allowed), not \(request.method)")
            response.headers["allow"] = allowed
            return response
        }
        if let injected = faults?(operation) { return injected }
        do {
            switch operation {
            case "Health": return .json(200, #"{"service":"hermes","status":"ok"}"#)
            case "CreateSession": return try createSession(try SessionRequest.parse(request.body))
            case "ResumePreview": return try resumePreview(request.body)
            default: return try session(parts[2])
            }
        } catch {
            let (status, reason) = error.response
            if status >= 500 { logger.error("\(operation) failed: \(reason)") }
            return self.error(status, reason)
        }
    }

    // MARK: Sessions

    func createSession(_ request: SessionRequest) throws(HermesError) -> HTTPResponse {
        let site = try resolveSite(clientId: request.clientId, projectId: request.projectId)
        let userId = try resolveUser(request.userId)
        let at = now
        var sessionId = "session-" + ids.hex(count: 12)
        var chatThreadId = request.chatThreadId ?? sessionId
        var continued = false
        if let thread = request.chatThreadId, let existing = try sessionRow(thread: thread, site: site),
            let id = existing["sessionId"]?.stringValue
        {
            sessionId = id
            chatThreadId = thread
            continued = true
        }
        let commandId = "cmd-" + ids.hex(count: 12)
        let previewUrl = "https://\(site.previewHost)/session/\(chatThreadId)/"
        try aws("write session \(sessionId)") { () throws(AWSError) in
            if continued {
                _ = try dynamodb.updateItem(UpdateItemRequest(
                    tableName: configuration.sessionsTable, key: ["sessionId": .s(sessionId)],
                    updateExpression: "SET lastActivity = :now, lastCommandId = :command",
                    expression: ExpressionParameters(values: [":now": .number(at.unixMilliseconds), ":command": .s(commandId)])))
            } else {
                _ = try dynamodb.putItem(PutItemRequest(tableName: configuration.sessionsTable, item: [
                    "sessionId": .s(sessionId), "userId": .s(userId), "clientId": .s(site.clientId), "projectId": .s(site.projectId),
                    "chatThreadId": .s(chatThreadId), "status": .s("initializing"), "createdAt": .number(at.unixMilliseconds),
                    "lastActivity": .number(at.unixMilliseconds), "previewUrl": .s(previewUrl),
                    "editBranch": .s(BranchName.preferred(forThread: chatThreadId)), "lastCommandId": .s(commandId),
                ]))
            }
        }
        let message = WorkMessage(
            sessionId: sessionId, commandId: commandId, chatThreadId: chatThreadId, clientId: site.clientId,
            projectId: site.projectId, instruction: request.instruction, userId: userId, timestamp: at.iso8601)
        try aws("send the work message") { () throws(AWSError) in
            _ = try sqs.sendMessage(SendMessageRequest(
                queueUrl: site.inputQueueURL, messageBody: message.json,
                messageAttributes: ["projectId": .string(site.projectId), "userId": .string(userId), "source": .string("hermes")]))
        }
        var log = logger
        log[metadataKey: "sessionId"] = "\(sessionId)"
        log[metadataKey: "commandId"] = "\(commandId)"
        log.info("\(continued ? "Continued" : "Created") session \(sessionId) for \(site.clientId)/\(site.projectId) on \(chatThreadId)")
        wake(site, sessionId: sessionId, logger: log)
        let body = JSONValue.object([
            "sessionId": .string(sessionId), "commandId": .string(commandId), "chatThreadId": .string(chatThreadId),
            "clientId": .string(site.clientId), "projectId": .string(site.projectId), "userId": .string(userId),
            "status": .string(continued ? "active" : "initializing"), "previewUrl": .string(previewUrl),
        ]).canonicalText
        return .json(201, body)
    }

    func session(_ sessionId: String) throws(HermesError) -> HTTPResponse {
        let row = try aws("read session \(sessionId)") { () throws(AWSError) in
            try dynamodb.getItem(GetItemRequest(tableName: configuration.sessionsTable, key: ["sessionId": .s(sessionId)], consistentRead: true))
        }
        guard let row else { throw .notFound("no session \(sessionId)") }
        return .json(200, JSONValue.object(row.mapValues(Self.json)).canonicalText)
    }

    func resumePreview(_ body: Data) throws(HermesError) -> HTTPResponse {
        guard let object = (try? JSONValue.parse(String(decoding: body, as: UTF8.self)))?.objectValue,
            let thread = object["chatThreadId"]?.stringValue
        else { throw .badRequest("the body must be a JSON object with chatThreadId") }
        let row = try threadSession(thread)
        guard let row, let client = row["clientId"]?.stringValue else { throw .notFound("no session for thread \(thread)") }
        let site = try resolveSite(clientId: client, projectId: row["projectId"]?.stringValue)
        wake(site, sessionId: row["sessionId"]?.stringValue, logger: logger)
        return .json(202, #"{"status":"waking"}"#)
    }

    // MARK: Containers

    /// A claim request unless a live container owns the site (or one went out a moment ago), and another
    /// edit task when the sites that want a container outnumber the service's tasks.
    func wake(_ site: HermesSite, sessionId: String?, logger log: Logger) {
        let owners = liveOwners()
        guard !owners.contains(site.siteKey) else { return }
        if let last = claimsSent[site.siteKey], now - last < configuration.claimRepeatInterval {
            return
        }
        do {
            _ = try sqs.sendMessage(SendMessageRequest(
                queueUrl: configuration.unclaimedQueueURL,
                messageBody: ClaimRequest(clientId: site.clientId, projectId: site.projectId, sessionId: sessionId).json,
                messageAttributes: ["source": .string("hermes")]))
            claimsSent[site.siteKey] = now
            log.info("Sent a claim request for \(site.clientId)/\(site.projectId)")
        } catch {
            log.error("Could not send a claim request for \(site.siteKey): \(error)")
            return
        }
        let waiting = claimsSent.filter { now - $0.value < configuration.claimRepeatInterval && !owners.contains($0.key) }.keys
        let demand = min(configuration.maxEditTasks, owners.union(waiting).count)
        do {
            let service = try ecs.describeServices(cluster: configuration.cluster, services: [configuration.editService]).services.first
            if let service, demand > service.desiredCount {
                _ = try ecs.updateService(cluster: configuration.cluster, service: configuration.editService, desiredCount: demand)
                log.info("Scaled \(configuration.editService) from \(service.desiredCount) to \(demand) tasks")
            }
        } catch {
            log.error("Could not scale \(configuration.editService): \(error)")
        }
    }

    /// Sites whose ownership row has not expired (its owner's heartbeat keeps it alive).
    func liveOwners() -> Set<String> {
        guard let page = try? dynamodb.scan(ScanRequest(tableName: configuration.ownershipTable)) else { return [] }
        var owners: Set<String> = []
        for item in page.items {
            if let row = OwnershipRow(item: item), row.isLive(at: now) { owners.insert(row.siteKey) }
        }
        return owners
    }

    // MARK: Lookups

    func resolveSite(clientId: String, projectId: String?) throws(HermesError) -> HermesSite {
        let sites = directory.sites(of: clientId)
        if let projectId {
            guard let site = sites.first(where: { $0.projectId == projectId }) else { throw .notFound("no site \(clientId)/\(projectId)") }
            return site
        }
        guard let first = sites.first else { throw .notFound("no client \(clientId)") }
        guard sites.count == 1 else {
            throw .badRequest("client \(clientId) has \(sites.count) sites; give projectId (\(sites.map(\.projectId).joined(separator: ", ")))")
        }
        return first
    }

    func resolveUser(_ userId: String) throws(HermesError) -> String {
        guard userId.contains("@") else { return userId }
        guard let known = directory.userId(forEmail: userId) else { throw .badRequest("no user with the address \(userId)") }
        return known
    }

    func sessionRow(thread: String, site: HermesSite) throws(HermesError) -> DynamoDBItem? {
        let row = try threadSession(thread)
        return row?["clientId"]?.stringValue == site.clientId ? row : nil
    }

    func threadSession(_ thread: String) throws(HermesError) -> DynamoDBItem? {
        let page = try aws("find the session of \(thread)") { () throws(AWSError) in
            try dynamodb.scan(ScanRequest(
                tableName: configuration.sessionsTable, filterExpression: "chatThreadId = :thread",
                expression: ExpressionParameters(values: [":thread": .s(thread)])))
        }
        return page.items.min { ($0["createdAt"]?.numberValue ?? "") < ($1["createdAt"]?.numberValue ?? "") }
    }

    func aws<T>(_ what: String, _ body: () throws(AWSError) -> T) throws(HermesError) -> T {
        do {
            return try body()
        } catch {
            throw .unavailable("could not \(what): \(error.code): \(error.message)")
        }
    }

    func error(_ status: Int, _ message: String) -> HTTPResponse {
        .json(status, JSONValue.object(["error": .string(message)]).canonicalText)
    }

    static func json(_ value: AttributeValue) -> JSONValue {
        switch value {
        case .s(let text): .string(text)
        case .n(let number): .number(number)
        case .bool(let flag): .bool(flag)
        case .null: .null
        case .ss(let strings): .array(strings.map(JSONValue.string))
        case .ns(let numbers): .array(numbers.map(JSONValue.number))
        case .l(let list): .array(list.map(json))
        case .m(let map): .object(map.mapValues(json))
        case .b, .bs: .string("<binary>")
        }
    }
}
