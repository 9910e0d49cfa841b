import AWSPorts
import AWSSim
import Fakes
import Foundation
import GitWorkspace
import SimKernel
import Simulation
import Testing
import Worker

/// The amelia seed set in a temp run directory, with one claimed worker, and readers for the state the
/// worker does not control: the bare remotes, the buckets, the log group, the queues and the tables.
final class AmeliaWorld {
    static let seedsRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Seeds")

    let directory: URL
    let run: SimulationRun
    let seedSet: SeedSet
    /// Responses taken off the output queue so far, as Hermes would take them.
    private(set) var responses: [[String: JSONValue]] = []

    init(seed: UInt64 = 42, options: SimulatedAWSOptions = SimulatedAWSOptions()) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("wsim-sim-\(UUID().uuidString)")
        seedSet = try SeedSet.load(name: "amelia", seedsRoot: Self.seedsRoot)
        run = try SimulationRun(seedSet: seedSet, seed: seed, runDirectory: directory, options: options)
    }

    deinit { try? FileManager.default.removeItem(at: directory) }

    var amelia: WorldSite { run.world.worldSite(clientId: "amelia")! }

    /// Starts a worker and has it claim `clientId`'s site.
    @discardableResult
    func startClaimedWorker(clientId: String = "amelia") throws -> WorkerHost {
        let host = run.startWorker()
        let site = try #require(run.world.worldSite(clientId: clientId))
        try run.requestClaim(clientId: site.seedSite.clientId, projectId: site.seedSite.projectId)
        let ready = run.advance(atMost: .seconds(60)) {
            if case .ready = host.worker.state { return true }
            return false
        }
        #expect(ready, "the worker claims the site")
        return host
    }

    func send(_ name: String) throws {
        try run.send(try #require(seedSet.message(named: name), "no seed message \(name)"))
    }

    /// Runs until `count` responses in all have arrived on the site's output queue.
    @discardableResult
    func runUntilResponses(_ count: Int, site: WorldSite? = nil, atMost limit: Duration = .seconds(600)) -> [[String: JSONValue]] {
        let queue = (site ?? amelia).endpoints.outputQueueURL
        let arrived = run.advance(atMost: limit) {
            collectResponses(from: queue)
            return responses.count >= count
        }
        #expect(arrived, "\(count) responses within \(limit); got \(responses.count)")
        return responses
    }

    func collectResponses(from queue: String) {
        guard let received = try? run.aws.sqs.receiveMessage(ReceiveMessageRequest(queueUrl: queue, maxNumberOfMessages: 10)) else { return }
        for message in received.messages {
            if let object = (try? JSONValue.parse(message.body))?.objectValue { responses.append(object) }
            try? run.aws.sqs.deleteMessage(queueUrl: queue, receiptHandle: message.receiptHandle)
        }
    }

    func response(for commandId: String) -> [String: JSONValue]? {
        responses.first { $0["commandId"] == .string(commandId) }
    }

    // MARK: The remote

    func remote(_ site: WorldSite? = nil) throws -> BareRemote { try run.world.remote(for: site ?? amelia) }

    func remoteFile(_ path: String, on branch: String, site: WorldSite? = nil) throws -> String? {
        try remote(site).file(path, at: branch).map { String(decoding: $0, as: UTF8.self) }
    }

    func remoteCommits(on branch: String, site: WorldSite? = nil) throws -> [RemoteCommit] {
        try remote(site).commits(on: branch)
    }

    // MARK: The bucket

    func bucketObject(_ key: String, site: WorldSite? = nil) -> S3Object? {
        try? run.aws.s3.getObject(GetObjectRequest(bucket: (site ?? amelia).endpoints.bucket, key: key))
    }

    func bucketText(_ key: String, site: WorldSite? = nil) -> String? {
        bucketObject(key, site: site).map { String(decoding: $0.body, as: UTF8.self) }
    }

    func bucketKeys(site: WorldSite? = nil) -> [String] {
        (try? run.aws.s3.listObjectsV2(ListObjectsV2Request(bucket: (site ?? amelia).endpoints.bucket)).contents.map(\.key)) ?? []
    }

    // MARK: Logs

    /// Log events of the edit log group matching a CloudWatch filter pattern.
    func logEvents(_ pattern: String) -> [FilteredLogEvent] {
        var events: [FilteredLogEvent] = []
        var token: String?
        repeat {
            guard let page = try? run.aws.logs.filterLogEvents(FilterLogEventsRequest(
                logGroupName: WorldNames.editLogGroup, filterPattern: pattern, nextToken: token)) else { break }
            events += page.events
            token = page.nextToken
        } while token != nil
        return events
    }

    func logMessages(_ pattern: String) -> [String] {
        logEvents(pattern).compactMap { (try? JSONValue.parse($0.message))?.objectValue?["message"]?.stringValue }
    }

    // MARK: Queues and tables

    /// Everything in the site's DLQ (received with a long visibility so each is read once).
    func deadLetters(site: WorldSite? = nil) -> [SQSMessage] {
        var messages: [SQSMessage] = []
        while let page = try? run.aws.sqs.receiveMessage(ReceiveMessageRequest(
            queueUrl: (site ?? amelia).endpoints.deadLetterQueueURL, maxNumberOfMessages: 10, visibilityTimeout: 3600,
            waitTimeSeconds: 1, messageAttributeNames: ["All"])), !page.messages.isEmpty {
            messages += page.messages
        }
        return messages
    }

    func sessionRow(_ sessionId: String) -> DynamoDBItem? {
        try? run.aws.dynamodb.getItem(GetItemRequest(tableName: WorldNames.sessionsTable, key: ["sessionId": .s(sessionId)], consistentRead: true))
    }

    func tableRow(_ table: String, key: String, _ value: String) -> DynamoDBItem? {
        try? run.aws.dynamodb.getItem(GetItemRequest(tableName: table, key: [key: .s(value)], consistentRead: true))
    }
}
