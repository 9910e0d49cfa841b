import SimKernel

/// A message a step sends: a named seed message or inline fields, with overrides. String values may use
/// `{{i}}` (the repeat index, from 1) and `{{now}}` (simulated milliseconds since the epoch at sending).
public struct MessageTemplate: Sendable, Equatable {
    /// The seed set's message to start from, if any.
    public var name: String?
    public var fields: [String: String]
}
