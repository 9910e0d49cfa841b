import AWSPorts
import AWSSim
import Foundation
import Messages
import SimKernel

/// The steps that go through the load balancer, ECS and the volume (Task 07).
extension WorkloadDriver {
    static let retriedStatuses: Set<Int> = [429, 502, 503, 504]

    /// One attempt of the pending createSession; true when the step is over (created or refused for good).
    @discardableResult
    func attemptSession() -> Bool {
        guard case .session(let name, let fields, let deadline, let iteration)? = waiting else { return true }
        var body: [String: JSONValue] = [:]
        for (key, value) in fields { body[key] = .string(substitute(value, iteration: iteration)) }
        let response = run.request(.post("/api/sessions", json: JSONValue.object(body).canonicalText))
        let attempts = (pendingAttempts[name] ?? 0) + 1
        pendingAttempts[name] = attempts
        if Self.retriedStatuses.contains(response.status) {
            let wait = Duration.seconds(Int(response.header("retry-after") ?? "") ?? 5)
            if now + wait <= deadline {
                timer = run.scheduler.schedule(at: now + wait, "workload.retry-session") { [weak self] in
                    self?.timer = nil
                    if self?.attemptSession() == true { self?.advance() }
                }
                return false
            }
            timeouts.append("createSession \(name) was still answered \(response.status) after \(attempts) attempts; gave up at \(Self.format(now - start))")
        } else if response.status == 201, let created = created(response, name: name) {
            sessions[name] = created
            sent.append(SentCommand(
                commandId: created.commandId, sessionId: created.sessionId, chatThreadId: created.chatThreadId,
                siteKey: created.siteKey, messageName: name, at: now))
            run.claimsSent[created.siteKey] = run.claimsSent[created.siteKey] ?? now
        } else {
            errors.append("createSession \(name) was refused: \(response.status) \(response.bodyText.prefix(300))")
        }
        responses[name] = KeptResponse(status: response.status, headers: response.headers, body: response.bodyText, upgraded: false, at: now)
        waiting = nil
        return true
    }

    private func created(_ response: HTTPResponse, name: String) -> CreatedSession? {
        guard let object = (try? JSONValue.parse(response.bodyText))?.objectValue,
            let sessionId = object["sessionId"]?.stringValue, let commandId = object["commandId"]?.stringValue,
            let thread = object["chatThreadId"]?.stringValue, let client = object["clientId"]?.stringValue,
            let project = object["projectId"]?.stringValue
        else {
            errors.append("createSession \(name): the 201 body lacks session fields: \(response.bodyText.prefix(300))")
            return nil
        }
        let siteKey = SiteKey(clientId: client, projectId: project).description
        let cold = run.world.sites.first { $0.seedSite.siteKey == siteKey }.map { !run.hasLiveOwner($0) } ?? true
        return CreatedSession(
            name: name, sessionId: sessionId, commandId: commandId, chatThreadId: thread,
            previewUrl: object["previewUrl"]?.stringValue ?? "", siteKey: siteKey, createdAt: now, readyAt: nil, readyContainerId: nil,
            cold: cold)
    }

    /// Sends the request; true when the step is over, false while a 429 is being retried.
    func sendRequest(_ template: RequestTemplate, name: String, iteration: Int) -> Bool {
        var headers: [String: String] = [:]
        for (key, value) in template.headers { headers[key] = substitute(value, iteration: iteration) }
        let request = HTTPRequest(
            method: template.method, path: substitute(template.path, iteration: iteration), headers: headers,
            body: Data(substitute(template.body ?? "", iteration: iteration).utf8))
        waiting = .request(request, name: name, attempt: 0)
        return attemptRequest()
    }

    /// One attempt of the pending request. Throttling (429) is retried after `Retry-After`, as SDKs do;
    /// anything else, 503 included, is the answer the step keeps.
    func attemptRequest() -> Bool {
        guard case .request(let request, let name, let attempt)? = waiting else { return true }
        let response = run.request(request)
        if response.status == 429 && attempt + 1 < 5 {
            waiting = .request(request, name: name, attempt: attempt + 1)
            let wait = Duration.seconds(Int(response.header("retry-after") ?? "") ?? 1)
            timer = run.scheduler.schedule(at: now + wait, "workload.retry-request") { [weak self] in
                self?.timer = nil
                if self?.attemptRequest() == true { self?.advance() }
            }
            return false
        }
        keep(response, as: name)
        waiting = nil
        return true
    }

    func subscribe(_ session: String, name: String) {
        guard let created = sessions[session] else {
            errors.append("subscribe \(name): no session was created as \(session)")
            return
        }
        let response = run.request(HTTPRequest(method: "GET", path: "/session/\(created.chatThreadId)/_hmr", headers: [
            "connection": "Upgrade", "upgrade": "websocket", "sec-websocket-version": "13",
            "sec-websocket-key": "dGhlIHNhbXBsZSBub25jZQ==",
        ]))
        keep(response, as: name)
        if let subscription = response.upgraded as? LiveReloadSubscription { subscriptions[name] = subscription }
    }

    private func keep(_ response: HTTPResponse, as name: String) {
        responses[name] = KeptResponse(
            status: response.status, headers: response.headers, body: response.bodyText, upgraded: response.upgraded != nil, at: now)
    }

    /// A live container owns the session's site (read from the ownership table); records the first instant.
    func isReady(_ session: String) -> Bool {
        guard var created = sessions[session] else {
            errors.append("waitForReady: no session was created as \(session)")
            return true
        }
        if created.readyAt != nil { return true }
        guard let site = run.world.sites.first(where: { $0.seedSite.siteKey == created.siteKey }), run.hasLiveOwner(site) else { return false }
        created.readyAt = now
        created.readyContainerId = run.owner(of: site)
        sessions[session] = created
        return true
    }

    /// Readiness of every created session is noted as soon as it happens, whatever step is running.
    func noteReadiness() {
        for name in sessions.keys.sorted() where sessions[name]?.readyAt == nil { _ = isReady(name) }
    }

    func scale(_ service: String, to count: Int, force: Bool) {
        let ecs = run.aws.ecs
        do {
            _ = try ecs.updateService(cluster: WorldNames.cluster, service: service, desiredCount: count)
            if force {
                for task in try ecs.listTasks(cluster: WorldNames.cluster, serviceName: service, desiredStatus: .running) {
                    _ = try ecs.stopTask(cluster: WorldNames.cluster, task: task, reason: "Forced scale-down by the workload")
                }
            }
        } catch {
            errors.append("could not scale \(service) to \(count): \(error)")
        }
    }

    /// The service runs `running` tasks, none pending, and every task told to stop has stopped.
    func serviceRuns(_ service: String, _ running: Int) -> Bool {
        let ecs = run.aws.ecs
        guard let found = try? ecs.describeServices(cluster: WorldNames.cluster, services: [service]).services.first,
            found.runningCount == running, found.pendingCount == 0
        else { return false }
        let stopping = (try? ecs.listTasks(cluster: WorldNames.cluster, serviceName: service, desiredStatus: .stopped)) ?? []
        guard !stopping.isEmpty else { return true }
        let tasks = (try? ecs.describeTasks(cluster: WorldNames.cluster, tasks: Array(stopping.suffix(100))).tasks) ?? []
        return tasks.allSatisfy { $0.lastStatus == .stopped }
    }

    func snapshot(_ siteName: String, name: String) {
        guard let site = run.world.worldSite(named: SiteName(siteName)) else {
            errors.append("snapshotWorkspace \(name): no site \(siteName)")
            return
        }
        snapshots[name] = WorkspaceSnapshot.take(site.endpoints.workspacePath)
    }
}
