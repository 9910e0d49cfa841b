import SimKernel

/// The fakes that stand in for tools.
public enum ToolKind: String, Sendable, CaseIterable {
    case claude
    case build
}

/// What can go wrong with a tool run.
public enum ToolFault: Hashable, Sendable {
    /// The run fails with this reason.
    case fail(String)
    /// The run takes this many times longer.
    case slow(Double)
    /// The run does half its work, then fails.
    case stopHalfway
}

/// Decides, for each tool run, whether a fault applies (fault plans implement this; tests use closures).
public protocol ToolFaultPolicy: AnyObject {
    /// The fault for one run of `tool` on the workspace at `workspace`, if any.
    func fault(for tool: ToolKind, workspace: String, at instant: Instant) -> ToolFault?
}

public final class ClosureToolFaultPolicy: ToolFaultPolicy {
    private let body: (ToolKind, Instant) -> ToolFault?

    public init(_ body: @escaping (ToolKind, Instant) -> ToolFault?) {
        self.body = body
    }

    public func fault(for tool: ToolKind, workspace: String, at instant: Instant) -> ToolFault? { body(tool, instant) }
}
