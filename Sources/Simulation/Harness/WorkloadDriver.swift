import Messages
import AWSPorts
import AWSSim
import Foundation
import SimKernel
import Worker

/// Plays a scenario's workload on simulated time: sends messages (with a claim request when the site has no
/// live owner, as Hermes does), waits, and waits for responses or log lines. A small interpreter over the
/// steps, resumed by timers and by responses.
public final class WorkloadDriver {
    /// A command the workload sent.
    public struct SentCommand: Sendable {
        public var commandId: String
        public var sessionId: String
        public var chatThreadId: String
        public var siteKey: String
        public var messageName: String?
        public var at: Instant
    }

    /// A raw body the workload sent (malformed messages).
    public struct SentBody: Sendable {
        public var body: String
        public var siteKey: String
        public var at: Instant
    }

    /// A send SQS refused (an empty body, one too large): nothing was queued, so nothing is owed.
    public struct RefusedSend: Sendable {
        public var what: String
        public var siteKey: String
        public var error: String
        public var at: Instant
    }

    private struct Frame {
        var steps: [WorkloadStep]
        var index = 0
        var iteration = 1
        var times = 1
    }

    enum Waiting {
        case commands([String], deadline: Instant)
        case log(String, count: Int, deadline: Instant, optional: Bool)
        case ready(session: String, deadline: Instant)
        case service(String, running: Int, deadline: Instant)
        /// A createSession being retried; `attempt` runs at the timer.
        case session(name: String, fields: [String: String], deadline: Instant, iteration: Int)
        /// A request answered 429, retried after `Retry-After` (at most 5 attempts).
        case request(HTTPRequest, name: String, attempt: Int)

        /// A wait whose running out is not a liveness failure.
        var isOptional: Bool {
            if case .log(_, _, _, let optional) = self { return optional }
            return false
        }
    }

    unowned let run: SimulationRun
    let collector: ResponseCollector
    let start: Instant
    private var stack: [Frame]
    var waiting: Waiting? {
        didSet { if waiting != nil && oldValue == nil { waitBegan = now } }
    }
    /// When the current wait began.
    private(set) var waitBegan: Instant = .defaultSimulationStart
    var timer: Scheduler.TimerID?
    /// Sessions created through the API, by the step's `as` name.
    public internal(set) var sessions: [String: CreatedSession] = [:]
    /// Responses kept by `request` and `subscribe` steps, by name.
    public internal(set) var responses: [String: KeptResponse] = [:]
    public internal(set) var subscriptions: [String: LiveReloadSubscription] = [:]
    public internal(set) var snapshots: [String: WorkspaceSnapshot] = [:]
    var pendingAttempts: [String: Int] = [:]
    public internal(set) var sent: [SentCommand] = []
    public private(set) var sentBodies: [SentBody] = []
    public private(set) var refused: [RefusedSend] = []
    public private(set) var finished = false
    /// Waits that ran out, in words (a liveness problem of the run).
    public internal(set) var timeouts: [String] = []
    /// A problem sending (an unknown message name, an unknown site).
    public internal(set) var errors: [String] = []
    static let caller = Caller.hermes.name
    let defaultTimeout: Duration

    init(run: SimulationRun, collector: ResponseCollector, steps: [WorkloadStep], defaultTimeout: Duration) {
        self.run = run
        self.collector = collector
        self.start = run.scheduler.now
        self.stack = [Frame(steps: steps)]
        self.defaultTimeout = defaultTimeout
        collector.onResponse = { [weak self] in self?.responseArrived() }
    }

    var now: Instant { run.scheduler.now }

    func begin() {
        resume(at: now)
    }

    func resume(at instant: Instant) {
        timer = run.scheduler.schedule(at: instant, "workload") { [weak self] in
            self?.timer = nil
            self?.advance()
        }
    }

    /// Runs steps until one has to wait.
    func advance() {
        while !stack.isEmpty {
            var frame = stack.removeLast()
            if frame.index >= frame.steps.count {
                if frame.iteration < frame.times {
                    frame.iteration += 1
                    frame.index = 0
                    stack.append(frame)
                }
                continue
            }
            let step = frame.steps[frame.index]
            frame.index += 1
            let iteration = frame.iteration
            stack.append(frame)
            switch step {
            case .send(let templates):
                for template in templates { send(template, iteration: iteration) }
            case .sendBody(let body, let site):
                sendBody(body, site: site)
            case .claim(let name):
                if let site = run.world.worldSite(named: SiteName(name)) {
                    ensureClaim(site, sessionId: nil)
                } else {
                    errors.append("could not claim \(name): no such site")
                }
            case .wait(let duration):
                resume(at: now + duration)
                return
            case .at(let offset):
                if start + offset > now {
                    resume(at: start + offset)
                    return
                }
            case .waitFor(let commands, let timeout):
                let pending = commands.isEmpty ? sent.map(\.commandId) : commands.map { commandId(substitute($0, iteration: iteration)) }
                if !answered(pending) {
                    waiting = .commands(pending, deadline: now + (timeout ?? defaultTimeout))
                    scheduleWaitCheck()
                    return
                }
            case .waitForLog(let pattern, let count, let timeout, let optional):
                let resolved = substitute(pattern, iteration: iteration)
                if !logged(resolved, count: count) {
                    waiting = .log(resolved, count: count, deadline: now + (timeout ?? defaultTimeout), optional: optional)
                    scheduleWaitCheck()
                    return
                }
            case .repeatSteps(let times, let steps):
                stack.append(Frame(steps: steps, times: times))
            case .createSession(let fields, let name, let timeout):
                waiting = .session(name: name, fields: fields, deadline: now + (timeout ?? .seconds(300)), iteration: iteration)
                if !attemptSession() { return }
            case .request(let template, let name):
                if !sendRequest(template, name: name, iteration: iteration) { return }
            case .subscribe(let session, let name):
                subscribe(session, name: name)
            case .waitForReady(let session, let timeout):
                if !isReady(session) {
                    waiting = .ready(session: session, deadline: now + (timeout ?? defaultTimeout))
                    scheduleWaitCheck()
                    return
                }
            case .scaleService(let service, let count, let force):
                scale(service, to: count, force: force)
            case .waitForService(let service, let running, let timeout):
                if !serviceRuns(service, running) {
                    waiting = .service(service, running: running, deadline: now + (timeout ?? defaultTimeout))
                    scheduleWaitCheck()
                    return
                }
            case .snapshotWorkspace(let siteName, let name):
                snapshot(siteName, name: name)
            }
        }
        finished = true
    }

    // MARK: Waiting

    func scheduleWaitCheck() {
        timer = run.scheduler.schedule(at: now + .milliseconds(500), "workload.wait") { [weak self] in
            self?.timer = nil
            self?.checkWait()
        }
    }

    private func responseArrived() {
        if case .commands = waiting { checkWait() }
    }

    private func checkWait() {
        guard let current = waiting else { return }
        let (done, deadline): (Bool, Instant) = switch current {
        case .commands(let ids, let deadline): (answered(ids), deadline)
        case .log(let pattern, let count, let deadline, _): (logged(pattern, count: count), deadline)
        case .ready(let session, let deadline): (isReady(session), deadline)
        case .service(let service, let running, let deadline): (serviceRuns(service, running), deadline)
        case .session, .request: (true, now)
        }
        switch current {
        case .session, .request: return
        default: break
        }
        if done || now >= deadline {
            if !done, !current.isOptional { timeouts.append("\(describe(current)): the timeout ran out") }
            run.trace.record(TraceEvent(instant: waitBegan, source: "span", operation: "wait", keysJSON: JSONValue.canonicalObject([
                "start": waitBegan.iso8601, "end": now.iso8601, "step": describe(current).prefix { $0 != " " }.description,
                "what": describe(current).components(separatedBy: " (").first ?? "", "outcome": done ? "done" : "timed out",
            ])))
            waiting = nil
            if let timer { run.scheduler.cancel(timer) }
            timer = nil
            advance()
        } else if timer == nil {
            scheduleWaitCheck()
        }
    }

    /// The wait the workload is still in, in words: the step, its timeout, what has not come (a liveness
    /// failure names it).
    public var pendingWait: String? { waiting.map(describe) }

    func describe(_ wait: Waiting) -> String {
        let waited = "waited \(Self.format(now - waitBegan))"
        func timeout(_ deadline: Instant) -> String { "timeout \(Self.format(deadline - waitBegan)), \(waited)" }
        switch wait {
        case .commands(let ids, let deadline):
            let missing = ids.filter { !answered([$0]) }
            return "waitFor \(ids.joined(separator: ", ")) (\(timeout(deadline))): no answer or DLQ entry for "
                + (missing.isEmpty ? "none" : missing.joined(separator: ", "))
        case .log(let pattern, let count, let deadline, _):
            return "waitForLog \(pattern) (\(timeout(deadline))): " + (count == 1 ? "no matching event" : "fewer than \(count) matching events")
                + " in \(WorldNames.editLogGroup)"
        case .ready(let session, let deadline):
            return "waitForReady \(session) (\(timeout(deadline))): no live container owns its site"
        case .service(let service, let running, let deadline):
            return "waitForService \(service) running \(running) (\(timeout(deadline))): not yet, or tasks still pending"
        case .session(let name, _, let deadline, _):
            return "createSession \(name) (\(timeout(deadline))): still retried after \(pendingAttempts[name] ?? 0) attempts"
        case .request(_, let name, let attempt):
            return "request \(name) (\(waited)): still retried after \(attempt + 1) attempts"
        }
    }

    /// Answered, or in the site's DLQ.
    func answered(_ commandIds: [String]) -> Bool {
        commandIds.allSatisfy { id in collector.response(for: id) != nil || deadLettered(id) }
    }

    private func deadLettered(_ commandId: String) -> Bool {
        guard let command = sent.last(where: { $0.commandId == commandId }),
            let site = run.world.sites.first(where: { $0.seedSite.siteKey == command.siteKey }),
            let stored = try? run.aws.sqs.peekMessages(queueUrl: site.endpoints.deadLetterQueueURL)
        else { return false }
        return stored.contains { MessageOnQueue($0).commandId == commandId }
    }

    private func logged(_ pattern: String, count: Int = 1) -> Bool {
        let found = run.aws.latency.withCaller(Self.caller) {
            try? run.aws.logs.filterLogEvents(FilterLogEventsRequest(logGroupName: WorldNames.editLogGroup, filterPattern: pattern, limit: count))
        }
        _ = run.aws.latency.take(for: Self.caller)
        return (found?.events.count ?? 0) >= count
    }

    // MARK: Sending

    func message(for template: MessageTemplate, iteration: Int) throws(SimulationError) -> WorkMessage {
        var fields: [String: String] = [:]
        if let name = template.name {
            guard let seed = run.world.seedSet.message(named: name) else { throw SimulationError.unknownMessage(name) }
            fields = ["sessionId": seed.sessionId, "commandId": seed.commandId, "chatThreadId": seed.chatThreadId,
                      "clientId": seed.clientId, "instruction": seed.instruction, "userId": seed.userId]
            if let projectId = seed.projectId { fields["projectId"] = projectId }
            if let timestamp = seed.timestamp { fields["timestamp"] = timestamp }
        }
        for (key, value) in template.fields { fields[key] = value }
        for key in fields.keys { fields[key] = substitute(fields[key]!, iteration: iteration) }
        return WorkMessage(
            sessionId: fields["sessionId"] ?? "", commandId: fields["commandId"] ?? "", chatThreadId: fields["chatThreadId"] ?? "",
            clientId: fields["clientId"] ?? "", projectId: fields["projectId"], instruction: fields["instruction"] ?? "",
            userId: fields["userId"] ?? "", timestamp: fields["timestamp"])
    }

    private func send(_ template: MessageTemplate, iteration: Int) {
        do {
            let message = try message(for: template, iteration: iteration)
            guard let site = run.world.worldSite(clientId: message.clientId, projectId: message.projectId) else {
                throw SimulationError.unknownSite(clientId: message.clientId, projectId: message.projectId)
            }
            let refusal = run.aws.latency.withCaller(Self.caller) { () -> AWSError? in
                do {
                    _ = try run.aws.sqs.sendMessage(SendMessageRequest(queueUrl: site.endpoints.inputQueueURL, messageBody: message.json))
                    return nil
                } catch {
                    return (error as? AWSError) ?? AWSError(code: "Unknown", message: "\(error)")
                }
            }
            _ = run.aws.latency.take(for: Self.caller)
            if let refusal {
                refused.append(RefusedSend(what: message.commandId, siteKey: site.seedSite.siteKey, error: refusal.description, at: now))
                return
            }
            sent.append(SentCommand(
                commandId: message.commandId, sessionId: message.sessionId, chatThreadId: message.chatThreadId,
                siteKey: site.seedSite.siteKey, messageName: template.name, at: now))
            ensureClaim(site, sessionId: message.sessionId)
        } catch {
            errors.append("could not send \(template.name ?? "an inline message"): \(error)")
        }
    }

    private func sendBody(_ body: String, site name: String) {
        guard let site = run.world.worldSite(named: SiteName(name)) else {
            errors.append("could not send a body to \(name): no such site")
            return
        }
        let refusal = run.aws.latency.withCaller(Self.caller) { () -> AWSError? in
            do {
                _ = try run.aws.sqs.sendMessage(SendMessageRequest(queueUrl: site.endpoints.inputQueueURL, messageBody: body))
                return nil
            } catch {
                return (error as? AWSError) ?? AWSError(code: "Unknown", message: "\(error)")
            }
        }
        _ = run.aws.latency.take(for: Self.caller)
        if let refusal {
            refused.append(RefusedSend(what: "a body", siteKey: site.seedSite.siteKey, error: refusal.description, at: now))
            return
        }
        // A body that is a valid work message for its site is a command like any other: it must be answered.
        if let message = try? WorkMessage.parse(body, site: site.seedSite.clientId, projectId: site.seedSite.projectId) {
            sent.append(SentCommand(
                commandId: message.commandId, sessionId: message.sessionId, chatThreadId: message.chatThreadId,
                siteKey: site.seedSite.siteKey, messageName: nil, at: now))
        } else {
            sentBodies.append(SentBody(body: body, siteKey: site.seedSite.siteKey, at: now))
        }
        ensureClaim(site, sessionId: nil)
    }

    /// Sends a claim request unless the site has a live owner or a claim request went out in the last minute.
    func ensureClaim(_ site: WorldSite, sessionId: String?) {
        run.wakeSite(site, sessionId: sessionId)
    }

    /// Sites with work waiting and no live owner get a claim request (the autoscaler's and Hermes's job).
    func watchSites() {
        noteReadiness()
        for site in run.world.sites {
            guard (try? run.aws.sqs.availability(queueUrl: site.endpoints.inputQueueURL)) == .visibleNow else { continue }
            ensureClaim(site, sessionId: nil)
        }
    }

    func substitute(_ text: String, iteration: Int) -> String {
        guard text.contains("{{") else { return text }
        var result = text.replacingOccurrences(of: "{{i}}", with: String(iteration))
            .replacingOccurrences(of: "{{now}}", with: String(now.unixMilliseconds))
        for (name, session) in sessions where result.contains("{{\(name).") {
            for (field, value) in session.fields { result = result.replacingOccurrences(of: "{{\(name).\(field)}}", with: value) }
        }
        return result
    }

    /// A command id, or the command of a session created as `name`.
    func commandId(_ nameOrId: String) -> String { sessions[nameOrId]?.commandId ?? nameOrId }

    static func format(_ duration: Duration) -> String {
        let seconds = duration.secondsValue
        return seconds >= 60 ? String(format: "%.1f min", seconds / 60) : String(format: "%.1f s", seconds)
    }
}
