/// The status a container row in `webordinary-containers` shows (SPEC section 1).
public enum ContainerStatus: String, Sendable, CaseIterable {
    case starting, running, idle, stopping, stopped
}

/// What happens to a container.
public enum ContainerEvent: Hashable, Sendable {
    /// It claimed a site.
    case claimed(siteKey: String)
    /// It released its claim (idle timeout).
    case released
    /// ECS asked it to stop (SIGTERM).
    case stopRequested
    /// Its process ended (after a stop, or a crash).
    case exited
}

/// A transition the lifecycle does not allow.
public struct InvalidContainerTransition: Error, Hashable, Sendable, CustomStringConvertible {
    public var from: ContainerStatus
    public var event: ContainerEvent

    public var description: String { "a \(from.rawValue) container cannot take \(event)" }
}

/// The container's lifecycle as a value-type state machine: starting → running (claimed) → idle (released)
/// → running again, or → stopping (SIGTERM) → stopped (exited). A crash goes to stopped from anywhere.
public struct ContainerLifecycle: Hashable, Sendable {
    public private(set) var status: ContainerStatus = .starting
    /// The site it owns while running.
    public private(set) var siteKey: String?

    public init() {}

    /// Applies an event; a transition the lifecycle does not allow throws and changes nothing.
    public mutating func apply(_ event: ContainerEvent) throws(InvalidContainerTransition) {
        switch (status, event) {
        case (.starting, .claimed(let site)), (.idle, .claimed(let site)):
            status = .running
            siteKey = site
        case (.running, .released):
            status = .idle
            siteKey = nil
        case (.starting, .stopRequested), (.running, .stopRequested), (.idle, .stopRequested):
            status = .stopping
            siteKey = nil
        case (.stopping, .stopRequested):
            break
        case (_, .exited) where status != .stopped:
            status = .stopped
            siteKey = nil
        default:
            throw InvalidContainerTransition(from: status, event: event)
        }
    }
}
