import SimKernel

/// The response the worker sends on the site's output queue after every command (SPEC section 2).
public struct WorkResponse: Hashable, Sendable {
    public var sessionId: String?
    public var commandId: String?
    public var chatThreadId: String?
    public var clientId: String?
    public var userId: String?
    public var success: Bool
    public var interrupted: Bool
    public var summary: String
    public var filesChanged: [String]
    public var commitSha: String?
    public var branch: String?
    public var previewUrl: String?
    public var buildSuccess: Bool
    public var deploySuccess: Bool
    public var pushSuccess: Bool
    public var error: String?
    /// Milliseconds of simulated time per step: `switch`, `claude`, `build`, `sync`, `push`, `total`.
    public var timings: [String: Int64]

    public static let timingNames = ["switch", "claude", "build", "sync", "push", "total"]

    public init(
        sessionId: String?, commandId: String?, chatThreadId: String?, clientId: String?, userId: String?, success: Bool,
        interrupted: Bool, summary: String, filesChanged: [String], commitSha: String?, branch: String?, previewUrl: String?,
        buildSuccess: Bool, deploySuccess: Bool, pushSuccess: Bool, error: String?, timings: [String: Int64]
    ) {
        self.sessionId = sessionId
        self.commandId = commandId
        self.chatThreadId = chatThreadId
        self.clientId = clientId
        self.userId = userId
        self.success = success
        self.interrupted = interrupted
        self.summary = summary
        self.filesChanged = filesChanged
        self.commitSha = commitSha
        self.branch = branch
        self.previewUrl = previewUrl
        self.buildSuccess = buildSuccess
        self.deploySuccess = deploySuccess
        self.pushSuccess = pushSuccess
        self.error = error
        self.timings = timings
    }

    /// The response to a message that was refused before any work (an error response).
    public static func rejection(_ rejection: MessageRejection) -> WorkResponse {
        WorkResponse(
            sessionId: rejection.known["sessionId"], commandId: rejection.known["commandId"],
            chatThreadId: rejection.known["chatThreadId"], clientId: rejection.known["clientId"],
            userId: rejection.known["userId"], success: false, interrupted: false, summary: "",
            filesChanged: [], commitSha: nil, branch: nil, previewUrl: nil, buildSuccess: false,
            deploySuccess: false, pushSuccess: false, error: "Invalid message: \(rejection.reason)",
            timings: Dictionary(uniqueKeysWithValues: timingNames.map { ($0, 0) }))
    }

    /// The JSON body, keys sorted; absent optional values are `null` (`error` is left out when there is none).
    public var json: String {
        func text(_ value: String?) -> JSONValue { value.map(JSONValue.string) ?? .null }
        var object: [String: JSONValue] = [
            "type": .string("response"), "sessionId": text(sessionId), "commandId": text(commandId),
            "chatThreadId": text(chatThreadId), "clientId": text(clientId), "userId": text(userId),
            "success": .bool(success), "interrupted": .bool(interrupted), "summary": .string(summary),
            "filesChanged": .array(filesChanged.map(JSONValue.string)), "commitSha": text(commitSha),
            "branch": text(branch), "previewUrl": text(previewUrl), "buildSuccess": .bool(buildSuccess),
            "deploySuccess": .bool(deploySuccess), "pushSuccess": .bool(pushSuccess),
            "timings": .object(timings.mapValues { .number(String($0)) }),
        ]
        if let error { object["error"] = .string(error) }
        return JSONValue.object(object).canonicalText
    }

    /// Reads a response body's members (the inverse of `json`); nil unless it is a response with every required
    /// member of the right type.
    public init?(members object: [String: JSONValue]) {
        guard object["type"]?.stringValue == "response" else { return nil }
        func text(_ key: String) -> String? { object[key]?.stringValue }
        func flag(_ key: String) -> Bool? {
            if case .bool(let value)? = object[key] { return value }
            return nil
        }
        guard let success = flag("success"), let interrupted = flag("interrupted"), let buildSuccess = flag("buildSuccess"),
            let deploySuccess = flag("deploySuccess"), let pushSuccess = flag("pushSuccess"), let summary = text("summary"),
            let files = object["filesChanged"]?.arrayValue
        else { return nil }
        var timings: [String: Int64] = [:]
        for (name, value) in object["timings"]?.objectValue ?? [:] {
            if let number = value.numberText.flatMap({ Int64($0) }) { timings[name] = number }
        }
        self.init(
            sessionId: text("sessionId"), commandId: text("commandId"), chatThreadId: text("chatThreadId"), clientId: text("clientId"),
            userId: text("userId"), success: success, interrupted: interrupted, summary: summary,
            filesChanged: files.compactMap(\.stringValue), commitSha: text("commitSha"), branch: text("branch"),
            previewUrl: text("previewUrl"), buildSuccess: buildSuccess, deploySuccess: deploySuccess, pushSuccess: pushSuccess,
            error: text("error"), timings: timings)
    }

    /// Reads a response body; nil when it is not one.
    public static func parse(_ body: String) -> WorkResponse? {
        (try? JSONValue.parse(body))?.objectValue.flatMap { WorkResponse(members: $0) }
    }
}
