import AWSPorts
import AWSSim
import Foundation
import SimKernel

/// The checks of Task 07: the session table, container readiness, responses through the load balancer,
/// live reload, ECS counts and peaks, container rows, and the persistent volume.
enum PlatformCheckEvaluator {
    /// Reads that fail throw (the check then fails).
    static func evaluate(_ check: ScenarioCheck, _ evidence: RunEvidence) throws -> CheckResult {
        let name = check.expect
        let driver = evidence.driver
        let aws = evidence.run.aws
        switch check.kind {
        case .sessionRow(let session, let statuses):
            guard let created = driver.sessions[session] else { return .fail(name, "no session was created as \(session)") }
            let row = try aws.dynamodb.getItem(GetItemRequest(
                tableName: WorldNames.sessionsTable, key: ["sessionId": .s(created.sessionId)], consistentRead: true))
            guard let row else { return .fail(name, "\(WorldNames.sessionsTable) has no row for \(created.sessionId)") }
            let status = row["status"]?.stringValue ?? "none"
            if !statuses.isEmpty && !statuses.contains(status) {
                return .fail(name, "the row of \(created.sessionId) has status \(status); expected \(statuses.joined(separator: " or "))")
            }
            return .pass(name, "\(created.sessionId) is \(status), thread \(row["chatThreadId"]?.stringValue ?? "?")")

        case .readyWithin(let session, let limit):
            guard let created = driver.sessions[session] else { return .fail(name, "no session was created as \(session)") }
            guard let ready = created.readyAt else {
                return .fail(name, "no container ever owned \(created.siteKey) after \(session) was created")
            }
            let took = ready - created.createdAt
            return took <= limit ? .pass(name, "ready \(seconds(took)) after the session was created")
                : .fail(name, "the container for \(created.siteKey) was ready \(seconds(took)) after the session was created; the limit is \(seconds(limit))")

        case .response(let request, let status, let headers, let texts, let upgraded):
            guard let response = driver.responses[request] else { return .fail(name, "no response was kept as \(request)") }
            var wrong: [String] = []
            if let status, response.status != status { wrong.append("status \(response.status), expected \(status)") }
            for (header, value) in headers.sorted(by: { $0.key < $1.key }) where response.headers[header] != value {
                wrong.append("\(header): \(response.headers[header] ?? "absent"), expected \(value)")
            }
            for text in texts where !response.body.contains(text) { wrong.append("the body lacks \"\(text)\"") }
            if let upgraded, response.upgraded != upgraded { wrong.append(upgraded ? "the connection was not upgraded" : "the connection was upgraded") }
            return wrong.isEmpty ? .pass(name, "\(response.status)\(response.upgraded ? " (upgraded)" : "")")
                : .fail(name, "\(request): \(wrong.joined(separator: "; "))")

        case .reloads(let subscription, let atLeast):
            guard let socket = driver.subscriptions[subscription] else { return .fail(name, "no live-reload subscription was kept as \(subscription)") }
            let reloads = socket.received.filter { $0 == "reload" }.count
            return reloads >= atLeast ? .pass(name, "\(reloads) reload message\(reloads == 1 ? "" : "s")")
                : .fail(name, "\(subscription) received \(reloads) reload messages; expected at least \(atLeast)")

        case .serviceCount(let service, let desired, let running):
            guard let found = try aws.ecs.describeServices(cluster: WorldNames.cluster, services: [service]).services.first else {
                return .fail(name, "no service \(service)")
            }
            var wrong: [String] = []
            if let desired, found.desiredCount != desired { wrong.append("desired \(found.desiredCount), expected \(desired)") }
            if let running, found.runningCount != running { wrong.append("running \(found.runningCount), expected \(running)") }
            return wrong.isEmpty ? .pass(name, "desired \(found.desiredCount), running \(found.runningCount)")
                : .fail(name, "\(service): \(wrong.joined(separator: "; "))")

        case .peakTasks(let service, let atLeast, let exactly):
            let peak = peakRunning(service, evidence)
            let ok = (atLeast.map { peak >= $0 } ?? true) && (exactly.map { peak == $0 } ?? true)
            return ok ? .pass(name, "at most \(peak) running at once")
                : .fail(name, "\(service) ran at most \(peak) tasks at once; expected \(exactly.map { "exactly \($0)" } ?? "at least \(atLeast ?? 0)")")

        case .containerRows(let statuses, let atLeast, let all):
            let rows = try aws.dynamodb.scan(ScanRequest(tableName: WorldNames.containersTable)).items
            let (matching, other) = rows.reduce(into: ([DynamoDBItem](), [DynamoDBItem]())) { split, row in
                if statuses.contains(row["status"]?.stringValue ?? "") { split.0.append(row) } else { split.1.append(row) }
            }
            let describe = { (rows: [DynamoDBItem]) in
                rows.map { "\($0["containerId"]?.stringValue ?? "?") is \($0["status"]?.stringValue ?? "missing")" }.joined(separator: ", ")
            }
            if matching.count < atLeast {
                return .fail(name, "\(matching.count) container rows are \(statuses.joined(separator: " or ")); expected at least \(atLeast) (\(describe(rows)))")
            }
            if all && !other.isEmpty { return .fail(name, "not every container row is \(statuses.joined(separator: " or ")): \(describe(other))") }
            return .pass(name, describe(matching))

        case .workspaceRetained(let before, let after):
            guard let first = driver.snapshots[before], let second = driver.snapshots[after] else {
                return .fail(name, "no snapshot \(driver.snapshots[before] == nil ? before : after)")
            }
            guard !first.files.isEmpty else { return .fail(name, "the snapshot \(before) is empty: there was no workspace") }
            let (retained, total, lost) = first.retention(in: second)
            let percent = Double(retained) / Double(max(total, 1)) * 100
            let summary = "\(first.files.count) files, \(first.branches.count) branches, \(first.commits.count) commits"
            return lost.isEmpty ? .pass(name, String(format: "100%% retained (%@)", summary))
                : .fail(name, String(format: "%.1f%% retained; lost: %@", percent, lost.prefix(10).joined(separator: ", ")))

        case .volumeFile(let siteName, let path, let texts):
            guard let site = evidence.site(siteName) else { return .fail(name, "the world has no site \(siteName)") }
            guard let data = FileManager.default.contents(atPath: site.endpoints.workspacePath + "/" + path) else {
                return .fail(name, "/workspace/\(site.seedSite.clientId)/\(site.seedSite.projectId)/project/\(path) does not exist")
            }
            let text = String(decoding: data, as: UTF8.self)
            let missing = texts.filter { !text.contains($0) }
            return missing.isEmpty ? .pass(name, "\(path), \(data.count) bytes")
                : .fail(name, "\(path) lacks \(missing.map { "\"\($0)\"" }.joined(separator: ", "))")

        case .websiteServes(let siteName, let path, let status, let texts):
            guard let site = evidence.site(siteName) else { return .fail(name, "the world has no site \(siteName)") }
            let url = "http://\(site.endpoints.bucket).s3-website-us-west-2.amazonaws.com\(path)"
            let response: WebsiteResponse
            do {
                response = try aws.s3.websiteRequest(bucket: site.endpoints.bucket, path: path, head: false)
            } catch {
                return .fail(name, "GET \(url) failed: \(error.code): \(error.message)")
            }
            let body = String(decoding: response.body, as: UTF8.self)
            var wrong: [String] = []
            if response.status != status { wrong.append("status \(response.status), expected \(status)") }
            for text in texts where !body.contains(text) { wrong.append("the page lacks \"\(text)\"") }
            return wrong.isEmpty ? .pass(name, "GET \(url): \(response.status)") : .fail(name, "GET \(url): \(wrong.joined(separator: "; "))")

        default:
            return .fail(name, "not a platform check")
        }
    }

    /// The most tasks of the service RUNNING at the same instant, from the tasks ECS kept.
    static func peakRunning(_ service: String, _ evidence: RunEvidence) -> Int {
        var edges: [(Instant, Int)] = []
        for task in ServiceTaskHistory.tasks(of: service, in: evidence.run.aws) {
            guard let started = task.startedAt else { continue }
            edges.append((started, 1))
            if let stopped = task.stoppingAt ?? task.stoppedAt { edges.append((stopped, -1)) }
        }
        var running = 0, peak = 0
        for edge in edges.sorted(by: { $0.0 == $1.0 ? $0.1 < $1.1 : $0.0 < $1.0 }) {
            running += edge.1
            peak = max(peak, running)
        }
        return peak
    }

    static func seconds(_ duration: Duration) -> String { String(format: "%.1f s", duration.secondsValue) }
}
