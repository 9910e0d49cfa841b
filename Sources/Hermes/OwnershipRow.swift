import AWSPorts
import Messages
import SimKernel

/// A row of `webordinary-container-ownership` as Hermes, the autoscaler and the harness read it: decoded here
/// once, judged live by `OwnershipLiveness` (the workers' own rule). The workers write these rows.
public struct OwnershipRow: Hashable, Sendable {
    public var siteKey: String
    public var containerId: String?
    /// Epoch seconds; the heartbeat moves it ahead.
    public var ttlSeconds: Int64

    public init?(item: [String: AttributeValue]) {
        guard let key = item["siteKey"]?.stringValue else { return nil }
        siteKey = key
        containerId = item["containerId"]?.stringValue
        ttlSeconds = Int64(item["ttl"]?.numberValue ?? "") ?? 0
    }

    public func isLive(at now: Instant) -> Bool { OwnershipLiveness.isLive(ttlSeconds: ttlSeconds, at: now) }
}
