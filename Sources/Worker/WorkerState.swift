/// What a worker is doing, for hosts and tests.
public enum WorkerState: Hashable, Sendable {
    case starting
    case awaitingClaim
    case ready(siteKey: String)
    case busy(siteKey: String, commandId: String)
    case stopped
}
