import SimKernel

/// What an assistant run produced.
public struct AssistantResult: Hashable, Sendable {
    public var summary: String
    /// Files the assistant wrote (the worker asks git for the full list of changes).
    public var filesWritten: [String]

    public init(summary: String, filesWritten: [String]) {
        self.summary = summary
        self.filesWritten = filesWritten
    }
}

/// Why a tool run (Claude or the build) failed.
public struct ToolFailure: Error, Hashable, Sendable, CustomStringConvertible {
    public var reason: String

    public init(_ reason: String) { self.reason = reason }

    public var description: String { reason }
}

/// One assistant run in progress. It takes `duration` of simulated time; the worker then completes it, or
/// interrupts it earlier (a different session's message arrived), which keeps whatever it had done so far.
public protocol AssistantTask: AnyObject {
    var duration: Duration { get }
    func complete() throws(ToolFailure) -> AssistantResult
    func interrupt(after elapsed: Duration) -> AssistantResult
}

/// Claude Code, as the worker drives it: an instruction applied to the workspace.
public protocol Assistant {
    func start(instruction: String, workspace: String, at instant: Instant) throws(ToolFailure) -> AssistantTask
}
