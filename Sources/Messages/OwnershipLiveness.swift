import SimKernel

/// When a row of `webordinary-container-ownership` still means a container serves the site: its `ttl` (epoch
/// seconds) has not passed. The owner's heartbeat moves `ttl` to `claimLifetime` ahead every 20 s or so, so
/// the claim of a container that died lapses within `claimLifetime`, and another container takes the site.
/// Hermes, the workers and the simulation all decide by this one rule.
public enum OwnershipLiveness {
    /// How long a claim lasts without a heartbeat.
    public static let claimLifetime: Duration = .seconds(90)

    public static func isLive(ttlSeconds: Int64, at now: Instant) -> Bool {
        ttlSeconds >= now.unixSeconds
    }
}
