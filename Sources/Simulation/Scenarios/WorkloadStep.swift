import SimKernel

/// A message a step sends: a named seed message or inline fields, with overrides. String values may use
/// `{{i}}` (the repeat index, from 1) and `{{now}}` (simulated milliseconds since the epoch at sending).
public struct MessageTemplate: Sendable, Equatable {
    /// The seed set's message to start from, if any.
    public var name: String?
    public var fields: [String: String]
}

/// One step of a scenario's workload, run in order on simulated time.
public indirect enum WorkloadStep: Sendable, Equatable {
    /// Sends the messages at the same instant (the seed's `&`).
    case send([MessageTemplate])
    /// Sends a raw body (malformed ones too) to a site's input queue.
    case sendBody(String, site: String)
    /// Sends a claim request for the site, as Hermes does when a session starts (before its first message).
    case claim(site: String)
    /// Waits this long.
    case wait(Duration)
    /// Waits until this long after the run started.
    case at(Duration)
    /// Waits until these commands (all sent ones when empty) are answered or dead-lettered.
    case waitFor([String], timeout: Duration?)
    /// Waits until the edit log group has an event matching the filter pattern.
    case waitForLog(String, timeout: Duration?)
    case repeatSteps(times: Int, steps: [WorkloadStep])
}
