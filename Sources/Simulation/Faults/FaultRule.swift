import AWSPorts
import AWSSim
import SimKernel
import Worker

/// One rule of a fault plan: a target, a window, a selection of calls, an effect.
public struct FaultRule: Sendable {
    public var plan: String
    public var file: String
    public var line: Int?
    public var index: Int
    public var target: FaultTarget
    /// Nil: every operation of the target.
    public var operations: [String]?
    /// Only calls about this site's resources (its queues, bucket, workspace, container).
    public var site: String?
    /// DynamoDB only: only calls on this table.
    public var table: String?
    public var callers: FaultCallers
    public var startAfter: Duration
    /// Nil: until the end of the main phase.
    public var duration: Duration?
    /// Only the nth matching call (1-based).
    public var nth: Int?
    /// Each matching call is hit with this probability, drawn from the seed.
    public var probability: Double?
    public var effect: FaultEffect

    /// `plan[index]` for messages and the trace.
    public var label: String { "\(plan)[\(index)]" }

    /// What the rule says, in one canonical line (not where it was written): its random stream is derived
    /// from this and its position, so renaming or moving a plan file never changes a run.
    public var canonicalText: String {
        var parts = ["#\(index)", target.rawValue, "operations=\(operations?.joined(separator: ",") ?? "*")"]
        if let site { parts.append("site=\(site)") }
        if let table { parts.append("table=\(table)") }
        parts += ["from=\(callers.rawValue)", "after=\(startAfter.wholeMilliseconds)"]
        if let duration { parts.append("for=\(duration.wholeMilliseconds)") }
        if let nth { parts.append("nth=\(nth)") }
        if let probability { parts.append("p=\(probability)") }
        parts.append("effect=\(effect)")
        return parts.joined(separator: " ")
    }
}
