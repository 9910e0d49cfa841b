import Foundation
import Messages
import SimKernel

/// The body of `POST /api/sessions`: `{clientId, projectId?, userId, instruction, chatThreadId?}`. `userId`
/// may be the user's email address; Hermes maps it to the user.
struct SessionRequest {
    var clientId: String
    var projectId: String?
    var userId: String
    var instruction: String
    var chatThreadId: String?

    /// Every refusal names the field and what is wrong with it.
    static func parse(_ body: Data) throws(HermesError) -> SessionRequest {
        guard let object = (try? JSONValue.parse(String(decoding: body, as: UTF8.self)))?.objectValue else {
            throw .badRequest("the body must be a JSON object")
        }
        func string(_ key: String, required: Bool) throws(HermesError) -> String? {
            switch object[key] {
            case .string(let text)?: return text
            case nil, .null?:
                if required { throw .badRequest("the field \(key) is missing") }
                return nil
            default: throw .badRequest("the field \(key) must be a string")
            }
        }
        func identifier(_ key: String, required: Bool) throws(HermesError) -> String? {
            guard let text = try string(key, required: required) else { return nil }
            if let problem = SafeIdentifier.problem(with: text) { throw .badRequest("\(key) \"\(text.prefix(64))\" is not a safe id: \(problem)") }
            return text
        }
        let user = try string("userId", required: true)!
        if !user.contains("@"), let problem = SafeIdentifier.problem(with: user) {
            throw .badRequest("userId \"\(user.prefix(64))\" is not a safe id or an email address: \(problem)")
        }
        let instruction = try string("instruction", required: true)!
        if instruction.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { throw .badRequest("the instruction is empty") }
        if instruction.utf8.count > 65_536 { throw .badRequest("the instruction is \(instruction.utf8.count) bytes long (at most 65536)") }
        return SessionRequest(
            clientId: try identifier("clientId", required: true)!, projectId: try identifier("projectId", required: false),
            userId: user, instruction: instruction, chatThreadId: try identifier("chatThreadId", required: false))
    }
}

/// A request Hermes refuses, with the status it answers.
enum HermesError: Error {
    case badRequest(String)
    case notFound(String)
    case unavailable(String)

    var response: HTTPResponseValues {
        switch self {
        case .badRequest(let reason): (400, reason)
        case .notFound(let reason): (404, reason)
        case .unavailable(let reason): (503, reason)
        }
    }
}

typealias HTTPResponseValues = (status: Int, reason: String)
