import Messages
import AWSPorts
import AWSSim
import SimKernel

/// Takes the workers' responses off every site's output queue as they arrive, as Hermes would, and keeps
/// them in arrival order. It waits on the queues (long-poll waiters), so it adds no polling to a run.
public final class ResponseCollector {
    public struct Response: Sendable {
        public var at: Instant
        public var siteKey: String
        /// The body's members (tests may change them; `work` follows).
        public var fields: [String: JSONValue] { didSet { work = WorkResponse(members: fields) } }

        /// The response decoded once, when it arrived; nil when the body was not a well-formed response (the
        /// checkers then see only `fields`).
        public private(set) var work: WorkResponse?

        public init(at: Instant, siteKey: String, fields: [String: JSONValue]) {
            self.at = at
            self.siteKey = siteKey
            self.fields = fields
            work = WorkResponse(members: fields)
        }
        public var commandId: String? { fields["commandId"]?.stringValue }
    }

    unowned let run: SimulationRun
    public private(set) var responses: [Response] = []
    /// Called after new responses arrived.
    var onResponse: (() -> Void)?
    private var tokens: [String: ArrivalWaitToken] = [:]
    /// The SQS message ids already collected.
    private var seen: Set<String> = []
    static let caller = Caller.hermes.name

    init(run: SimulationRun) {
        self.run = run
    }

    func start() {
        for site in run.world.sites { watch(site) }
    }

    func stop() {
        for token in tokens.values { run.aws.sqs.cancelWait(token) }
        tokens.removeAll()
    }

    /// Drops what was collected for a command, as if its answer never arrived (tests of the checkers).
    func forget(_ commandId: String) {
        responses.removeAll { $0.commandId == commandId }
    }

    public func response(for commandId: String) -> Response? {
        responses.last { $0.commandId == commandId }
    }

    private func watch(_ site: WorldSite) {
        let queue = site.endpoints.outputQueueURL
        tokens[queue] = try? run.aws.sqs.waitForMessages(queueUrl: queue, until: run.scheduler.now + .seconds(3600)) { [weak self] in
            self?.drain(site)
            self?.watch(site)
        }
    }

    /// Receives and deletes everything on the site's output queue now. A receive that fails (a fault on every
    /// caller) is tried again a second later: the waiter only fires on new arrivals, so what is already there
    /// would otherwise stay unread.
    func drain(_ site: WorldSite) {
        let queue = site.endpoints.outputQueueURL
        var arrived = false
        var failed = false
        run.aws.latency.withCaller(Self.caller) {
            while true {
                let page: ReceiveMessageResult
                do {
                    page = try run.aws.sqs.receiveMessage(ReceiveMessageRequest(queueUrl: queue, maxNumberOfMessages: 10, waitTimeSeconds: 1))
                } catch {
                    failed = true
                    break
                }
                if page.messages.isEmpty { break }
                for message in page.messages {
                    // A message whose delete failed comes back: it is the same answer, not a second one.
                    if let object = (try? JSONValue.parse(message.body))?.objectValue, seen.insert(message.messageId).inserted {
                        responses.append(Response(at: run.scheduler.now, siteKey: site.seedSite.siteKey, fields: object))
                        arrived = true
                    }
                    try? run.aws.sqs.deleteMessage(queueUrl: queue, receiptHandle: message.receiptHandle)
                }
            }
        }
        _ = run.aws.latency.take(for: Self.caller)
        if failed, tokens[queue] != nil {
            run.scheduler.schedule(after: .seconds(1), "collector.retry") { [weak self] in self?.drain(site) }
        }
        if arrived { onResponse?() }
    }
}
