import SimKernel

/// When a row of `webordinary-container-ownership` still means a container serves the site: its `ttl` (epoch
/// seconds) has not passed and its owner was active within `staleAfter` (the workers take over older claims).
/// Hermes, the workers' peers and the simulation all decide by this one rule.
public enum OwnershipLiveness {
    public static let staleAfter: Duration = .seconds(600)

    public static func isLive(ttlSeconds: Int64, lastActivityMilliseconds: Int64, at now: Instant, staleAfter: Duration = staleAfter) -> Bool {
        ttlSeconds >= now.unixSeconds && lastActivityMilliseconds >= (now - staleAfter).unixMilliseconds
    }
}
