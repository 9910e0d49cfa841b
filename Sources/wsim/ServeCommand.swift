import ArgumentParser
import Foundation
import HTTPFront
import Simulation

/// `wsim serve`: the simulated AWS account on the wire, for any SDK or the AWS CLI.
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the simulated AWS (SQS, S3 and its website, DynamoDB, CloudWatch Logs, ECS) over HTTP for any SDK or the AWS CLI.",
        discussion: """
            Point a client at the server with --endpoint-url (any access key works; signatures are read, not \
            checked). Every region a client names has its own resources; the account is 123456789012. The admin \
            API is under /_wsim/: GET health, POST reset, GET clock, POST clock/advance?by=30s, POST \
            clock/run-until-quiet, GET|POST|DELETE faults (a fault plan's YAML), GET trace. The server's databases \
            and trace are kept in --out (default .wsim/serve), which wsim prepares as it does for runs. S3 is served \
            path style and on virtual hosts (bucket.s3.localhost); a Host naming a bucket with website hosting gets \
            the S3 website. With --live --seed-set amelia the whole pipeline runs inside the server and the load \
            balancer listens on --lb-port (previews and live-reload WebSockets under /session/{chatThreadId}/).
            """)

    @Option(help: "The address to listen on. Anything but loopback reaches other machines: wsim warns.")
    var host = "127.0.0.1"

    @Option(help: "The port to listen on; 0 picks a free one (the ready line names it).")
    var port = 4566

    @Option(name: .customLong("seed-set"), help: "Start from a seed set's world (its queues, tables, log groups, cluster, buckets).")
    var seedSet: String?

    @Option(name: .customLong("run"), help: "Serve a finished run's database: a scenario's folder of a run (.wsim/runs/<run>/<scenario>). Served from a copy.")
    var runFolder: String?

    @Flag(name: .customLong("in-place"), help: "With --run: write to the run's own database instead of a copy.")
    var inPlace = false

    @Option(help: "wall: simulated time follows the wall clock; manual: only the admin API moves it (replayable).")
    var clock = "wall"

    @Option(help: "The seed behind every id the server draws.")
    var seed: UInt64 = 1

    @Option(name: .customLong("faults"), help: "A fault plan (a path, or a name under Simulator/faults); repeatable.")
    var faults: [String] = []

    @Option(help: "The server's folder: databases, trace.jsonl and the world's remotes (default .wsim/serve).")
    var out: String?

    @Flag(help: "Run the whole pipeline inside the server (workers with real git, fake Claude and Astro, Hermes, the autoscaler, ECS) and the load balancer on --lb-port. Needs --seed-set.")
    var live = false

    @Option(name: .customLong("lb-port"), help: "With --live: the load balancer's port (Hermes, session previews, live-reload WebSockets); 0 picks a free one.")
    var lbPort = 8080

    @Option(help: "On the wall clock: simulated seconds per wall second (10 runs the world ten times faster than real time).")
    var speed: Double = 1

    func validate() throws {
        guard ServeClockMode(rawValue: clock) != nil else { throw ValidationError("--clock must be wall or manual, not \(clock)") }
        if seedSet != nil && runFolder != nil { throw ValidationError("--seed-set and --run cannot be combined: a run's database already holds its world") }
        if inPlace && runFolder == nil { throw ValidationError("--in-place goes with --run") }
        guard (0...65535).contains(port) else { throw ValidationError("--port must be between 0 and 65535") }
        guard (0...65535).contains(lbPort) else { throw ValidationError("--lb-port must be between 0 and 65535") }
        if live && seedSet == nil { throw ValidationError("--live runs a seed set's world: add --seed-set (such as --seed-set amelia)") }
        guard speed.isFinite, speed > 0, speed <= 1000 else { throw ValidationError("--speed must be a number above 0 and at most 1000") }
        if speed != 1 && clock != "wall" { throw ValidationError("--speed goes with --clock wall") }
        if live && port != 0 && port == lbPort { throw ValidationError("--port and --lb-port must differ") }
    }

    func run() throws {
        let root = try projectRoot()
        let here = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        var world = ServedWorld.empty
        if let seedSet { world = .seedSet(name: seedSet) }
        if let run = runFolder {
            let folder = ProjectPath.resolve(run, projectRoot: root, currentDirectory: here)
            guard FileManager.default.fileExists(atPath: folder.appendingPathComponent("wsim.sqlite").path) else {
                throw ValidationError("\(run) holds no wsim.sqlite; name a scenario's folder of a finished run, such as .wsim/runs/all-1/task04-new-session")
            }
            world = .run(folder: folder, inPlace: inPlace)
        }
        let folder = out.map { ProjectPath.resolve($0, projectRoot: root, currentDirectory: here) } ?? root.appendingPathComponent(".wsim/serve")
        do {
            // A running server's folder is named as such, before anything is said about its contents.
            try FolderLock.checkFree(folder)
            try OutputFolder.check(folder, owned: [root.appendingPathComponent(".wsim")])
        } catch {
            throw ValidationError("--out \(error)")
        }
        let plans = faults.map { RunCommand.faultPlan($0, projectRoot: root, currentDirectory: here) }
        let mode = ServeClockMode(rawValue: clock)!
        let options = ServeOptions(
            world: world, clock: mode, seed: seed, folder: folder, projectRoot: root,
            endpoint: "http://\(host):\(port)", faultPlans: plans, live: live, speed: speed)
        if !Self.isLoopback(host) {
            FileHandle.standardError.write(Data("wsim serve: warning: listening on \(host) lets other machines reach this server; it checks no signatures and holds no secrets, but anyone who reaches it can change its data\n".utf8))
        }
        let serveHost: ServeHost
        do {
            serveHost = try ServeHost(options)
        } catch let error as ConfigError {
            for problem in error.all { FileHandle.standardError.write(Data("\(problem.oneLine)\n".utf8)) }
            throw ExitCode(CLIExit.usage)
        } catch {
            throw ValidationError("\(error)")
        }
        let server = WireServer(host: serveHost, bindHost: host, port: port, loadBalancerPort: live ? lbPort : nil)
        let shownHost = host
        let worldText = seedSet ?? runFolder ?? "empty"
        let done = DispatchSemaphore(value: 0)
        let failure = FailureBox()
        Task {
            do {
                try await server.run(clockTicks: mode == .wall) { bound, balancer in
                    let speedText = speed == 1 ? "" : " x\(speed.formatted())"
                    emit("wsim serve: ready on http://\(shownHost):\(bound) (\(SimulationVersion.summary); clock \(mode.rawValue)\(speedText); world \(worldText)\(balancer != nil ? " live" : ""); seed \(seed); folder \(ProjectPath.display(folder, projectRoot: root)))")
                    if let balancer {
                        emit("  load balancer: http://\(shownHost):\(balancer)  (/api/*, /hermes/*, /session/{chatThreadId}/..., WebSocket /session/{chatThreadId}/_hmr)")
                        for remote in await serveHost.remotes { emit("  remote \(remote.site): \(remote.path)") }
                    }
                    emit("  try: aws --endpoint-url http://\(shownHost):\(bound) --region us-west-2 sqs list-queues   (any access key works; stop with Ctrl-C)")
                }
            } catch {
                failure.message = "\(error)"
            }
            done.signal()
        }
        done.wait()
        if let message = failure.message { fail("wsim serve: \(message)", code: CLIExit.crash) }
    }

    static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }
}

private final class FailureBox: @unchecked Sendable {
    var message: String?
}
