import Foundation
import SimKernel

/// A work message on a site's input queue (the seeds' `test-messages.js` shape).
public struct WorkMessage: Hashable, Sendable {
    public var sessionId: String
    public var commandId: String
    public var chatThreadId: String
    public var clientId: String
    public var projectId: String?
    public var instruction: String
    public var userId: String
    public var timestamp: String?

    public init(
        sessionId: String, commandId: String, chatThreadId: String, clientId: String, projectId: String? = nil,
        instruction: String, userId: String, timestamp: String? = nil
    ) {
        self.sessionId = sessionId
        self.commandId = commandId
        self.chatThreadId = chatThreadId
        self.clientId = clientId
        self.projectId = projectId
        self.instruction = instruction
        self.userId = userId
        self.timestamp = timestamp
    }

    /// The JSON body, keys sorted.
    public var json: String {
        var object: [String: JSONValue] = [
            "sessionId": .string(sessionId), "commandId": .string(commandId), "chatThreadId": .string(chatThreadId),
            "clientId": .string(clientId), "instruction": .string(instruction), "userId": .string(userId),
        ]
        if let projectId { object["projectId"] = .string(projectId) }
        if let timestamp { object["timestamp"] = .string(timestamp) }
        return JSONValue.object(object).canonicalText
    }
}

/// Why a message was refused, and what could still be read from it (to address an error response).
public struct MessageRejection: Error, Hashable, Sendable, CustomStringConvertible {
    public var reason: String
    /// Fields that were readable and safe, for the error response.
    public var known: [String: String]

    public init(reason: String, known: [String: String]) {
        self.reason = reason
        self.known = known
    }

    public var description: String { reason }
}

extension WorkMessage {
    /// Parses and validates a body for the site `clientId`/`projectId`. Every refusal says what is wrong.
    public static func parse(_ body: String, site clientId: String, projectId: String) throws(MessageRejection) -> WorkMessage {
        let value: JSONValue
        do {
            value = try JSONValue.parse(body)
        } catch {
            throw MessageRejection(reason: "the message body is not valid JSON (\(error))", known: [:])
        }
        guard let object = value.objectValue else {
            throw MessageRejection(reason: "the message body must be a JSON object", known: [:])
        }
        var known: [String: String] = [:]
        for key in ["sessionId", "commandId", "chatThreadId", "clientId", "userId", "projectId"] {
            if let text = object[key]?.stringValue, SafeIdentifier.problem(with: text) == nil { known[key] = text }
        }
        func field(_ name: String, required: Bool = true) throws(MessageRejection) -> String? {
            switch object[name] {
            case .string(let text)?: return text
            case nil, .null?:
                if required { throw MessageRejection(reason: "the field \(name) is missing", known: known) }
                return nil
            default: throw MessageRejection(reason: "the field \(name) must be a string", known: known)
            }
        }
        func identifier(_ name: String, required: Bool = true) throws(MessageRejection) -> String? {
            guard let text = try field(name, required: required) else { return nil }
            if let problem = SafeIdentifier.problem(with: text) {
                throw MessageRejection(reason: "\(name) \"\(text.prefix(64))\" is not a safe id: \(problem)", known: known)
            }
            return text
        }
        let message = WorkMessage(
            sessionId: try identifier("sessionId")!, commandId: try identifier("commandId")!,
            chatThreadId: try identifier("chatThreadId")!, clientId: try identifier("clientId")!,
            projectId: try identifier("projectId", required: false), instruction: try field("instruction")!,
            userId: try identifier("userId")!, timestamp: try field("timestamp", required: false))
        if message.instruction.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            throw MessageRejection(reason: "the instruction is empty", known: known)
        }
        if message.instruction.utf8.count > 65_536 {
            throw MessageRejection(reason: "the instruction is \(message.instruction.utf8.count) bytes long (at most 65536)", known: known)
        }
        if message.clientId != clientId {
            throw MessageRejection(reason: "clientId \(message.clientId) does not match this queue's site \(clientId)/\(projectId)", known: known)
        }
        if let project = message.projectId, project != projectId {
            throw MessageRejection(reason: "projectId \(project) does not match this queue's site \(clientId)/\(projectId)", known: known)
        }
        return message
    }
}
