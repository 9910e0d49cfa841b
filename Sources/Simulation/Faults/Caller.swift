/// Who makes an AWS call. Its `name` is what the latency ledger and the fault seam see, and a fault rule's `from:`
/// chooses calls by it: the one place caller names are made and read.
public enum Caller: Hashable, Sendable {
    /// The session worker of an edit container.
    case container(String)
    /// The awslogs driver shipping one log stream.
    case logDriver(stream: String)
    /// A client of `wsim serve`: it stands in for the edit containers.
    case wireClient
    /// Hermes (and the harness, which sends and reads as Hermes does).
    case hermes
    /// The platform's own reads (which sites are owned).
    case platform
    case sessionRouter
    case ecsAgent
    case ecsEvents

    public var name: String {
        switch self {
        case .container(let id): "worker \(id)"
        case .logDriver(let stream): "awslogs \(stream)"
        case .wireClient: "wire client"
        case .hermes: "hermes"
        case .platform: "platform"
        case .sessionRouter: "session-router"
        case .ecsAgent: "ecs-agent"
        case .ecsEvents: "ecs-events"
        }
    }

    /// The caller a name stands for; nil for a name no caller makes.
    public init?(name: String) {
        if name.hasPrefix("worker ") {
            self = .container(String(name.dropFirst("worker ".count)))
        } else if name.hasPrefix("awslogs ") {
            self = .logDriver(stream: String(name.dropFirst("awslogs ".count)))
        } else if let fixed = [Caller.wireClient, .hermes, .platform, .sessionRouter, .ecsAgent, .ecsEvents].first(where: { $0.name == name }) {
            self = fixed
        } else {
            return nil
        }
    }

    /// What fault rules' default `from: containers` strikes: the workers, and wire clients in their place.
    public var isContainer: Bool {
        switch self {
        case .container, .wireClient: true
        default: false
        }
    }

    public var isLogDriver: Bool {
        if case .logDriver = self { return true }
        return false
    }
}
