/// The verdict of one check: what was checked, and in words what was found.
public struct CheckResult: Sendable, Equatable {
    public var name: String
    public var passed: Bool
    /// For a failure: what was lost or wrong, naming it. For a pass: a short note of what was seen.
    public var detail: String

    public static func pass(_ name: String, _ detail: String = "") -> CheckResult { CheckResult(name: name, passed: true, detail: detail) }
    public static func fail(_ name: String, _ detail: String) -> CheckResult { CheckResult(name: name, passed: false, detail: detail) }
}
