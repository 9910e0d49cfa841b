import SimKernel

/// An HTTP request a step sends; strings may use `{{session.field}}` of a created session (`sessionId`,
/// `commandId`, `chatThreadId`, `previewUrl`, `previewPath`).
public struct RequestTemplate: Sendable, Equatable {
    public var method: String
    public var path: String
    public var headers: [String: String]
    public var body: String?
}
