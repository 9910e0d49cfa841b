import AWSPorts
import Messages
import SimKernel

/// What the ledger knows of one command.
struct CommandRecord: Hashable, Sendable {
    enum Status: String, Hashable, Sendable {
        /// Some container started it and has not finished it.
        case running
        /// It ran to its end; `answer` is its response.
        case completed
        /// It was given up on (or refused) and dead-lettered with a reason.
        case deadLettered
    }

    var status: Status
    /// How many times a container started it.
    var starts: Int
    /// Its commit, once made ("none" when there was nothing to commit).
    var commit: String?
    var deployed: Bool
    /// The response, kept with the completed command so a redelivery can send it again.
    var answer: String?
    /// Whether the answer reached the output queue.
    var answered: Bool
    /// Why it was dead-lettered.
    var reason: String?
    /// Whether its copy reached the DLQ.
    var copied: Bool
}

/// `webordinary-edit-commands` (hash key `sessionId`, range key `commandId`): one row per command a container
/// started, holding its progress (commit, deploy) and its answer. It makes commands at-most-once: a
/// redelivered command resumes after what it already did, and a completed one is acknowledged (its answer
/// sent again only if it never went out), never run again.
struct CommandLedger {
    let aws: WorkerAWS
    let table: String

    private func key(_ sessionId: String, _ commandId: String) -> DynamoDBItem {
        ["sessionId": .s(sessionId), "commandId": .s(commandId)]
    }

    /// The command's row (a strongly consistent read), nil when no container ever started it.
    func record(sessionId: String, commandId: String) throws(AWSError) -> CommandRecord? {
        guard let item = try aws.getItem(GetItemRequest(tableName: table, key: key(sessionId, commandId), consistentRead: true)) else {
            return nil
        }
        return Self.decode(item)
    }

    /// Marks the command running (once more) on this container; returns the row as it is now. Fails with
    /// `ConditionalCheckFailedException` when the command already completed or was dead-lettered.
    func start(_ message: WorkMessage, containerId: String, sentAt: Instant, at now: Instant) throws(AWSError) -> CommandRecord {
        let item = try aws.updateItem(UpdateItemRequest(
            tableName: table, key: key(message.sessionId, message.commandId),
            updateExpression: "SET #status = :running, containerId = :container, startedAt = :now, chatThreadId = :thread, "
                + "sentAt = if_not_exists(sentAt, :sent) ADD starts :one",
            conditionExpression: "attribute_not_exists(#status) OR #status = :running",
            expression: ExpressionParameters(names: ["#status": "status"], values: [
                ":running": .s("running"), ":container": .s(containerId), ":now": .number(now.unixMilliseconds),
                ":thread": .s(message.chatThreadId), ":sent": .number(sentAt.unixMilliseconds), ":one": .number(1),
            ]),
            returnValues: .allNew))
        return item.flatMap(Self.decode)
            ?? CommandRecord(status: .running, starts: 1, commit: nil, deployed: false, answer: nil, answered: false, reason: nil, copied: false)
    }

    /// The command was handed back in good order (SIGTERM, a lost claim), not stopped by a dying container:
    /// its start does not count toward giving it up.
    func handBack(sessionId: String, commandId: String) throws(AWSError) {
        try aws.updateItem(UpdateItemRequest(
            tableName: table, key: key(sessionId, commandId), updateExpression: "ADD starts :minusOne",
            conditionExpression: "#status = :running",
            expression: ExpressionParameters(names: ["#status": "status"], values: [":minusOne": .number(-1), ":running": .s("running")])))
    }

    func recordCommit(_ commit: String?, sessionId: String, commandId: String) throws(AWSError) {
        try set("#commit = :commit", names: ["#commit": "commit"], values: [":commit": .s(commit ?? "none")], sessionId, commandId)
    }

    func recordDeploy(sessionId: String, commandId: String) throws(AWSError) {
        try set("deployed = :yes", values: [":yes": .bool(true)], sessionId, commandId)
    }

    /// Completes the command with its answer (before the answer is sent: the answer is durable first).
    func complete(answer: String, status: CommandRecord.Status = .completed, reason: String? = nil, sessionId: String, commandId: String, at now: Instant) throws(AWSError) {
        var values: DynamoDBItem = [":status": .s(status.rawValue), ":answer": .s(answer), ":now": .number(now.unixMilliseconds)]
        var assignments = "#status = :status, answer = :answer, completedAt = :now"
        if let reason {
            assignments += ", reason = :reason"
            values[":reason"] = .s(reason)
        }
        try set(assignments, names: ["#status": "status"], values: values, sessionId, commandId)
    }

    func recordAnswered(sessionId: String, commandId: String) throws(AWSError) {
        try set("answered = :yes", values: [":yes": .bool(true)], sessionId, commandId)
    }

    func recordCopied(sessionId: String, commandId: String) throws(AWSError) {
        try set("copied = :yes", values: [":yes": .bool(true)], sessionId, commandId)
    }

    private func set(_ assignments: String, names: [String: String] = [:], values: DynamoDBItem, _ sessionId: String, _ commandId: String) throws(AWSError) {
        try aws.updateItem(UpdateItemRequest(
            tableName: table, key: key(sessionId, commandId), updateExpression: "SET " + assignments,
            expression: ExpressionParameters(names: names, values: values)))
    }

    static func decode(_ item: DynamoDBItem) -> CommandRecord? {
        guard let status = item["status"]?.stringValue.flatMap(CommandRecord.Status.init(rawValue:)) else { return nil }
        var answered = false
        if case .bool(let value)? = item["answered"] { answered = value }
        var deployed = false
        if case .bool(let value)? = item["deployed"] { deployed = value }
        var copied = false
        if case .bool(let value)? = item["copied"] { copied = value }
        return CommandRecord(
            status: status, starts: Int(item["starts"]?.numberValue ?? "") ?? 0, commit: item["commit"]?.stringValue,
            deployed: deployed, answer: item["answer"]?.stringValue, answered: answered, reason: item["reason"]?.stringValue,
            copied: copied)
    }
}
