import AWSPorts
import AWSSim
import Foundation
import Simulation
import SimKernel

/// The account `wsim serve` serves: one simulated AWS per region a client names, all on one scheduler. The
/// world's own region (`us-west-2`) lives in `wsim.sqlite`; another region a client names gets its own
/// resources in `wsim-<region>.sqlite` beside it, as separate as two AWS regions are.
final class ServedAccount {
    static let accountId = AWSAccount.default.accountId
    static let homeRegion = AWSAccount.default.region
    static let maximumRegions = 40
    /// The canonical user id S3 names the account's owner by.
    static let ownerId = "75aa57f09aa0c8caeab4f8c24e99d10f8e7faeebf76c078efc7c6caea54ba06a"

    let scheduler: Scheduler
    let trace: TraceRecorder
    let seed: UInt64
    /// Where the databases live; nil keeps them in memory (tests).
    let folder: URL?
    let homeDatabasePath: String?
    private(set) var world: World?
    /// The pipeline running in the home region (`--live`).
    private(set) var live: LiveWorld?
    private var regions: [String: SimulatedAWS] = [:]
    private var databases: [SimDatabase] = []
    private var injector: FaultInjector?
    private var interceptor: FaultInterceptor?
    private(set) var faultPlanNames: [String] = []
    /// Closed accounts open no databases again.
    private var closed = false

    /// - Parameters:
    ///   - databasePath: the home region's database file (a run's copy, or `folder/wsim.sqlite`); nil in memory.
    init(scheduler: Scheduler, seed: UInt64, folder: URL?, databasePath: String?, trace: TraceRecorder) {
        self.scheduler = scheduler
        self.seed = seed
        self.folder = folder
        self.homeDatabasePath = databasePath
        self.trace = trace
    }

    /// Builds the seed set's world in the home region (queues, tables, log groups, cluster, buckets, bare
    /// remotes under `folder/github`).
    func buildWorld(seedSet: SeedSet) throws {
        guard let folder else { throw ServeError("a seed set's world needs a folder for its remotes") }
        let aws = try self.aws(region: Self.homeRegion)
        world = try WorldBuilder.build(seedSet: seedSet, aws: aws, runDirectory: folder, at: scheduler.now)
    }

    /// Serves the live world's account as the home region.
    func adopt(_ live: LiveWorld) {
        self.live = live
        world = live.run.world
        regions[Self.homeRegion] = live.run.aws
        databases.append(live.run.database)
    }

    /// The services of `region`, created the first time a client names it.
    func aws(region: String) throws -> SimulatedAWS {
        if let aws = regions[region] { return aws }
        guard !closed else { throw AWSError(code: "ServiceUnavailable", message: "wsim serve is stopping.", httpStatus: 503) }
        guard Self.isRegionName(region) else {
            throw AWSError(code: "SignatureDoesNotMatch", message: "Credential should be scoped to a valid region, not '\(region)'.", httpStatus: 403)
        }
        // AWS has about 35 regions; a client inventing names must not fill the disk with databases.
        guard regions.count < Self.maximumRegions else {
            throw AWSError(code: "SignatureDoesNotMatch", message: "wsim serves at most \(Self.maximumRegions) regions at once; '\(region)' would be one more.", httpStatus: 403)
        }
        let database: SimDatabase
        if region == Self.homeRegion, let homeDatabasePath {
            database = try SimDatabase.file(at: homeDatabasePath)
        } else if let folder {
            database = try SimDatabase.file(at: folder.appendingPathComponent("wsim-\(region).sqlite").path)
        } else {
            database = try SimDatabase.inMemory()
        }
        // Each region draws its ids from its own stream, away from any scenario run's (a served run's
        // database keeps its rows; new ids must not collide with them).
        let regionSeed = StableHash.mix64(seed ^ StableHash.fnv1a64("wsim serve \(region)"))
        let aws = SimulatedAWS(
            database: database, scheduler: scheduler, seed: regionSeed,
            account: AWSAccount(accountId: Self.accountId, region: region), options: SimulatedAWSOptions(latency: .zero),
            trace: trace)
        aws.seam.interceptor = interceptor
        regions[region] = aws
        databases.append(database)
        return aws
    }

    var servedRegions: [String] { regions.keys.sorted() }

    /// The services of every region served so far, the home region first.
    var everyRegion: [SimulatedAWS] {
        ([Self.homeRegion] + regions.keys.sorted().filter { $0 != Self.homeRegion }).compactMap { regions[$0] }
    }

    /// The region whose S3 holds `bucket` (bucket names are global in S3: a client reaches a bucket whatever
    /// region it signs for), the home region first; `fallback` when none does (a bucket being created).
    func region(ofBucket bucket: String?, fallback: String) -> String {
        guard let bucket else { return fallback }
        let order = [Self.homeRegion] + regions.keys.sorted().filter { $0 != Self.homeRegion }
        return order.first { regions[$0]?.s3.holdsBucket(bucket) == true } ?? fallback
    }

    /// Applies fault plans to every region's calls, as `--faults` does in a run (replacing any loaded before).
    /// Live, the plans reach the whole pipeline of the home region (git, the tools, Hermes, the worker's steps).
    func loadFaults(_ plans: [FaultPlan]) throws {
        let injector: FaultInjector
        if let live {
            try live.loadFaults(plans)
            injector = live.injector!
        } else {
            injector = try FaultInjector(plans: plans, world: world, seed: seed, scheduler: scheduler, trace: trace)
        }
        let interceptor = injector.awsInterceptor()
        self.injector = injector
        self.interceptor = interceptor
        faultPlanNames = plans.map(\.name)
        for (region, aws) in regions where live == nil || region != Self.homeRegion { aws.seam.interceptor = interceptor }
    }

    func clearFaults() {
        if let live { try? live.loadFaults([]) }
        injector = nil
        interceptor = nil
        faultPlanNames = []
        for (region, aws) in regions where live == nil || region != Self.homeRegion { aws.seam.interceptor = nil }
    }

    /// How many calls the plans struck (and one-shot effects fired) since they were loaded.
    var faultsInjected: Int { injector?.firings.values.reduce(0, +) ?? 0 }

    /// Checkpoints and closes every database, so each file alone holds its region.
    func close() {
        if !closed { live?.stop() }
        closed = true
        for database in databases { try? database.close() }
        databases.removeAll()
        regions.removeAll()
    }

    /// `us-east-1`, `eu-central-2`, `us-gov-west-1`: lower-case words joined by dashes, ending in a number.
    static func isRegionName(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count >= 3, parts.count <= 5, text.count <= 32, let last = parts.last, !last.isEmpty, last.allSatisfy(\.isNumber) else { return false }
        return parts.dropLast().allSatisfy { !$0.isEmpty && $0.allSatisfy { $0 >= "a" && $0 <= "z" } }
    }

    /// The latest instant a database's event log holds (where a served run's clock resumes).
    static func lastInstant(ofDatabase path: String) throws -> Instant? {
        let database = try SimDatabase.file(at: path)
        defer { try? database.close() }
        return try database.lastEventInstant()
    }
}

/// A reason `wsim serve` cannot start or an admin request cannot be done, in one line.
struct ServeError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
