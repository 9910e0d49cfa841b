import Messages
import AWSPorts
import AWSSim
import Foundation
import SimKernel
import Simulation
import Worker

/// Wall time of one full command on the amelia site: switch branch, Claude, commit, build, sync, push and
/// respond, through the real worker, libgit2 and the simulated services. Commands alternate between two
/// sessions so each one switches branches and changes files.
enum CommandBenchmark {
    struct Result {
        var wallMilliseconds: [Double]
        var simulatedSeconds: [Double]
    }

    static func run(commands: Int, database: DatabaseKind, seedsRoot: URL, under parent: String? = nil) throws -> Result {
        let directory = try TemporaryDirectory("command", under: parent)
        let seedSet = try SeedSet.load(name: "amelia", seedsRoot: seedsRoot)
        let databasePath: String? = database == .file ? directory.path + "/wsim.sqlite" : nil
        let run = try SimulationRun(seedSet: seedSet, seed: 1, runDirectory: URL(fileURLWithPath: directory.path + "/run"), databasePath: databasePath)
        let site = run.world.worldSite(clientId: "amelia")!
        let host = run.startWorker()
        try run.requestClaim(clientId: "amelia", projectId: "stamps")
        _ = run.advance(atMost: .seconds(60)) { if case .ready = host.worker.state { true } else { false } }

        var result = Result(wallMilliseconds: [], simulatedSeconds: [])
        let clock = ContinuousClock()
        // One warm-up command clones the workspace; it is not counted.
        for index in 0...commands {
            let session = index % 2 == 0 ? "a" : "b"
            let message = WorkMessage(
                sessionId: "session-\(session)", commandId: "cmd-\(index)", chatThreadId: "thread-\(session)", clientId: "amelia",
                instruction: "Update timestamp to \(1_755_216_000 + index)", userId: "bench-user")
            let simulatedStart = run.scheduler.now
            let elapsed = try clock.measure {
                try run.send(message)
                let answered = run.advance(atMost: .seconds(600)) {
                    (try? run.aws.sqs.availability(queueUrl: site.endpoints.outputQueueURL)) == .visibleNow
                }
                guard answered else { throw BenchmarkError.noResponse(message.commandId) }
                let response = try run.aws.sqs.receiveMessage(ReceiveMessageRequest(queueUrl: site.endpoints.outputQueueURL, waitTimeSeconds: 1))
                for message in response.messages {
                    try run.aws.sqs.deleteMessage(queueUrl: site.endpoints.outputQueueURL, receiptHandle: message.receiptHandle)
                }
            }
            if index > 0 {
                result.wallMilliseconds.append(Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15)
                result.simulatedSeconds.append((run.scheduler.now - simulatedStart).secondsValue)
            }
        }
        return result
    }

    enum DatabaseKind { case memory, file }

    enum BenchmarkError: Error { case noResponse(String) }
}
