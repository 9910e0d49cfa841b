import Foundation

/// How `wsim serve` keeps time.
public enum ServeClockMode: String, Sendable, CaseIterable {
    /// Simulated time follows the wall clock: a 20 s long poll really waits (and returns as soon as a message
    /// arrives).
    case wall
    /// Time moves only when the admin API says so (`/_wsim/clock/advance`, `/_wsim/clock/run-until-quiet`): a
    /// client's session is replayable from its seed.
    case manual
}

/// Everything `wsim serve` is started with.
public struct ServeOptions: Sendable {
    public var world: ServedWorld
    public var clock: ServeClockMode
    public var seed: UInt64
    /// The server's own folder (databases, trace, remotes); wsim prepares it as it does `--out`. Nil keeps
    /// everything in memory (tests).
    public var folder: URL?
    /// The project (seed sets, fault plans).
    public var projectRoot: URL
    /// The base URL clients reach the server by; queue URLs point here.
    public var endpoint: String
    public var faultPlans: [URL]
    /// The pipeline runs inside the server (`--live`): workers, Hermes, the autoscaler, ECS. Needs a seed set.
    public var live: Bool
    /// Simulated seconds per wall second on the wall clock (`--speed`); 1 keeps real time.
    public var speed: Double

    public init(
        world: ServedWorld, clock: ServeClockMode, seed: UInt64, folder: URL?, projectRoot: URL, endpoint: String, faultPlans: [URL] = [],
        live: Bool = false, speed: Double = 1
    ) {
        self.live = live
        self.speed = speed
        self.world = world
        self.clock = clock
        self.seed = seed
        self.folder = folder
        self.projectRoot = projectRoot
        self.endpoint = endpoint
        self.faultPlans = faultPlans
    }
}
