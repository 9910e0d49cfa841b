import AWSPorts
import AWSSim
import Foundation
import GitWorkspace
import Messages
import SimKernel
import Worker

/// Evaluates a scenario's checks (the seed's own checks, as data) against the remotes, the buckets, the log
/// group and the tables.
public enum ScenarioCheckEvaluator {
    /// A check whose evidence cannot be read fails, naming what could not be read; it never passes by default.
    public static func evaluate(_ check: ScenarioCheck, _ evidence: RunEvidence) -> CheckResult {
        do {
            return try evaluateReading(check, evidence)
        } catch {
            return .fail(check.expect, "its evidence could not be read: \(error)")
        }
    }

    static func evaluateReading(_ check: ScenarioCheck, _ evidence: RunEvidence) throws -> CheckResult {
        let name = check.expect
        switch check.kind {
        case .branchExists(let siteName, let branches):
            guard let remote = try remote(siteName, evidence) else { return .fail(name, noSite(siteName)) }
            let existing = try remote.branches()
            let missing = branches.filter { existing[$0] == nil }
            return missing.isEmpty
                ? .pass(name, "\(branches.joined(separator: ", ")) on the remote")
                : .fail(name, "not on the remote of \(siteName): \(missing.joined(separator: ", ")) (it has \(existing.keys.sorted().joined(separator: ", ")))")

        case .fileContains(let siteName, let branch, let path, let texts), .fileLacks(let siteName, let branch, let path, let texts):
            let wantsText = if case .fileContains = check.kind { true } else { false }
            guard let remote = try remote(siteName, evidence) else { return .fail(name, noSite(siteName)) }
            guard try remote.branches()[branch] != nil else {
                return wantsText ? .fail(name, "\(branch) is not on the remote of \(siteName)") : .pass(name, "no \(branch) on the remote")
            }
            guard let data = try remote.file(path, at: branch) else {
                return wantsText ? .fail(name, "\(path) does not exist on \(branch) of \(siteName)") : .pass(name, "\(path) absent on \(branch)")
            }
            let text = String(decoding: data, as: UTF8.self)
            let wrong = texts.filter { text.contains($0) != wantsText }
            if wrong.isEmpty { return .pass(name, "\(path) on \(branch)") }
            return .fail(name, "\(path) on \(branch) of \(siteName) \(wantsText ? "lacks" : "contains") \(quoted(wrong))")

        case .branchAbsent(let siteName, let branch):
            guard let remote = try remote(siteName, evidence) else { return .fail(name, noSite(siteName)) }
            guard let tip = try remote.branches()[branch] else { return .pass(name, "no \(branch) on the remote of \(siteName)") }
            return .fail(name, "\(branch) is on the remote of \(siteName) at \(tip.prefix(8))")

        case .commitMessage(let siteName, let branch, let texts):
            guard let remote = try remote(siteName, evidence) else { return .fail(name, noSite(siteName)) }
            guard try remote.branches()[branch] != nil, let head = try remote.commits(on: branch, limit: 1).first else {
                return .fail(name, "\(branch) is not on the remote of \(siteName)")
            }
            let missing = texts.filter { !head.message.contains($0) }
            return missing.isEmpty
                ? .pass(name, "\(head.id.prefix(8)) holds \(texts.joined(separator: ", "))")
                : .fail(name, "the message of \(head.id.prefix(8)) on \(branch) lacks \(missing.joined(separator: ", ")): \(head.message.debugDescription)")

        case .faultsInjected(let atLeast, let atMost):
            let count = evidence.faultsInjected
            if count < atLeast { return .fail(name, "\(count) faults fired, fewer than \(atLeast)") }
            if let atMost, count > atMost { return .fail(name, "\(count) faults fired, more than \(atMost)") }
            return .pass(name, "\(count) faults fired")

        case .headCommit(let siteName, let branch, let prefix):
            guard let remote = try remote(siteName, evidence) else { return .fail(name, noSite(siteName)) }
            guard try remote.branches()[branch] != nil, let head = try remote.commits(on: branch, limit: 1).first else {
                return .fail(name, "\(branch) is not on the remote of \(siteName)")
            }
            return head.subject.hasPrefix(prefix)
                ? .pass(name, "\(head.id.prefix(8)) \(head.subject)")
                : .fail(name, "the head of \(branch) is \(head.id.prefix(8)) \"\(head.subject)\", not \"\(prefix)...\"")

        case .commitSubjects(let siteName, let branch, let expected):
            guard let remote = try remote(siteName, evidence) else { return .fail(name, noSite(siteName)) }
            let subjects = try ownCommits(remote, branch).map(\.subject)
            let matches = subjects.count >= expected.count && zip(subjects, expected).allSatisfy { $0.hasPrefix($1) }
            return matches
                ? .pass(name, subjects.prefix(expected.count).joined(separator: " / "))
                : .fail(name, "\(branch) of \(siteName) has, newest first: \(quoted(subjects)); expected \(quoted(expected))")

        case .commitCount(let siteName, let branch, let atLeast, let exactly):
            guard let remote = try remote(siteName, evidence) else { return .fail(name, noSite(siteName)) }
            let count = try ownCommits(remote, branch).count
            let ok = (atLeast.map { count >= $0 } ?? true) && (exactly.map { count == $0 } ?? true)
            return ok ? .pass(name, "\(counted(count, "commit")) beyond main")
                : .fail(name, "\(branch) of \(siteName) has \(counted(count, "commit")) beyond main; expected \(exactly.map { "exactly \($0)" } ?? "at least \(atLeast ?? 0)")")

        case .branchesDiffer(let siteName, let branches):
            guard let remote = try remote(siteName, evidence) else { return .fail(name, noSite(siteName)) }
            let existing = try remote.branches()
            let heads = branches.map { existing[$0] }
            if let missing = zip(branches, heads).first(where: { $0.1 == nil }) {
                return .fail(name, "\(missing.0) is not on the remote of \(siteName)")
            }
            return Set(heads.compactMap { $0 }).count == branches.count
                ? .pass(name, zip(branches, heads).map { "\($0) \($1!.prefix(8))" }.joined(separator: ", "))
                : .fail(name, "some of \(branches.joined(separator: ", ")) point at the same commit")

        case .bucketContains(let siteName, let key, let texts), .bucketLacks(let siteName, let key, let texts):
            let wantsText = if case .bucketContains = check.kind { true } else { false }
            guard let site = evidence.site(siteName) else { return .fail(name, noSite(siteName)) }
            guard let object = try object(key, in: site.endpoints.bucket, evidence) else {
                return wantsText ? .fail(name, "\(site.endpoints.bucket) has no \(key)") : .pass(name, "no \(key)")
            }
            let text = String(decoding: object.body, as: UTF8.self)
            let wrong = texts.filter { text.contains($0) != wantsText }
            return wrong.isEmpty
                ? .pass(name, "\(site.endpoints.bucket)/\(key)")
                : .fail(name, "\(site.endpoints.bucket)/\(key) \(wantsText ? "lacks" : "contains") \(quoted(wrong))")

        case .occurrences(let siteName, let branch, let path, let text, let times):
            guard let site = evidence.site(siteName) else { return .fail(name, noSite(siteName)) }
            let content: String
            let place: String
            if let branch {
                let remote = try evidence.openRemote(site)
                guard try remote.branches()[branch] != nil, let data = try remote.file(path, at: branch) else {
                    return .fail(name, "\(path) does not exist on \(branch) of \(siteName)")
                }
                content = String(decoding: data, as: UTF8.self)
                place = "\(path) on \(branch)"
            } else {
                guard let object = try object(path, in: site.endpoints.bucket, evidence) else { return .fail(name, "\(site.endpoints.bucket) has no \(path)") }
                content = String(decoding: object.body, as: UTF8.self)
                place = "\(site.endpoints.bucket)/\(path)"
            }
            let found = content.components(separatedBy: text).count - 1
            return found == times ? .pass(name, "\(place) holds \"\(text)\" \(counted(found, "time"))")
                : .fail(name, "\(place) holds \"\(text)\" \(counted(found, "time")); expected \(times)")

        case .bucketObjects(let siteName, let atLeast):
            guard let site = evidence.site(siteName) else { return .fail(name, noSite(siteName)) }
            guard let count = BucketDeployChecker.objects(in: site.endpoints.bucket, evidence)?.count else {
                return .fail(name, "\(site.endpoints.bucket) cannot be listed")
            }
            return count >= atLeast ? .pass(name, "\(count) objects in \(site.endpoints.bucket)")
                : .fail(name, "\(site.endpoints.bucket) holds \(count) objects; expected at least \(atLeast)")

        case .bucketMatchesLastDeploy(let siteName):
            guard let site = evidence.site(siteName) else { return .fail(name, noSite(siteName)) }
            let result = BucketDeployChecker.check(evidence, sites: [site])
            return CheckResult(name: name, passed: result.passed, detail: result.detail)

        case .log(let pattern, let atLeast, let atMost):
            let count: Int
            do {
                count = try logEvents(pattern, evidence).count
            } catch {
                return .fail(name, "\(WorldNames.editLogGroup) cannot be searched for \(pattern): \(error)")
            }
            let ok = count >= atLeast && (atMost.map { count <= $0 } ?? true)
            return ok ? .pass(name, "\(counted(count, "event")) \(count == 1 ? "matches" : "match") \(pattern)")
                : .fail(name, "\(counted(count, "event")) in \(WorldNames.editLogGroup) \(count == 1 ? "matches" : "match") \(pattern); expected "
                    + (atMost.map { "\(atLeast) to \($0)" } ?? "at least \(atLeast)"))

        case .between(let from, let to, let atMost):
            return between(from, to, atMost: atMost, name: name, evidence)

        case .containerStatus(let command, let allowed):
            guard let container = evidence.timeline.lines(of: command).last?.containerId else {
                return .fail(name, "no container logged anything for \(command)")
            }
            let row = try evidence.run.aws.dynamodb.getItem(GetItemRequest(
                tableName: WorldNames.containersTable, key: ["containerId": .s(container)], consistentRead: true))
            let status = row?["status"]?.stringValue ?? "missing"
            return allowed.contains(status) ? .pass(name, "\(container) is \(status)")
                : .fail(name, "\(container), which ran \(command), is \(status); expected \(allowed.joined(separator: " or "))")

        case .deadLetters(let siteName, let expected):
            guard let site = evidence.site(siteName) else { return .fail(name, noSite(siteName)) }
            let count = try evidence.deadLetters(site).count
            return count == expected ? .pass(name, "\(count) in the DLQ")
                : .fail(name, "\(count) messages in the DLQ of \(siteName); expected \(expected)")

        case .answered(let named, let success, let interrupted):
            let command = evidence.driver.commandId(named)
            guard let response = evidence.collector.response(for: command) else { return .fail(name, "\(command) was never answered") }
            var wrong: [String] = []
            if let success, response.work?.success != success { wrong.append("success is \(response.work?.success ?? false)") }
            if let interrupted, response.work?.interrupted != interrupted { wrong.append("interrupted is \(response.work?.interrupted ?? false)") }
            let error = response.work?.error.map { " (error: \($0))" } ?? ""
            return wrong.isEmpty ? .pass(name, "\(command) answered")
                : .fail(name, "\(command) answered with \(wrong.joined(separator: ", "))\(error)")

        case .finishedWithin(let limit):
            let start = evidence.driver.start
            let ends = evidence.driver.sent.compactMap { command in
                evidence.timeline.lines(of: command.commandId).last { $0.message == LogLine.processingComplete }?.at
            }
            guard ends.count == Set(evidence.driver.sent.map(\.commandId)).count, let last = ends.max() else {
                return .fail(name, "not every command logged Processing complete")
            }
            return last - start <= limit ? .pass(name, "all done after \(seconds(last - start))")
                : .fail(name, "the last command finished after \(seconds(last - start)); the limit is \(seconds(limit))")

        case .metrics(let siteName, let build, let sync, let total):
            let named = siteName.map(SiteName.init)
            let commands = evidence.driver.sent.filter { command in
                guard let named else { return true }
                guard let key = SiteKey(command.siteKey) else { return false }
                return key.clientId == named.clientId && (named.projectId == nil || key.projectId == named.projectId)
            }
            var parts: [String] = []
            var failures: [String] = []
            for (label, target, operation) in [("build", build, LogTimeline.Operation.build), ("sync", sync, .sync), ("total", total, .total)] {
                guard let target else { continue }
                let values = commands.compactMap { command in
                    evidence.timeline.measure(operation, command: command.commandId, sentAt: commands.first { $0.commandId == command.commandId }?.at)
                }
                guard values.count == commands.count, !values.isEmpty else {
                    failures.append("\(label): measured for \(values.count) of \(commands.count) commands")
                    continue
                }
                let average = values.reduce(Duration.zero, +) / values.count
                parts.append("average \(label) \(seconds(average)) (target < \(seconds(target)))")
                if average >= target { failures.append("average \(label) \(seconds(average)) is not under \(seconds(target))") }
            }
            return failures.isEmpty ? .pass(name, parts.joined(separator: ", ")) : .fail(name, failures.joined(separator: "; "))

        case .workspaceClean(let siteName):
            guard let site = evidence.site(siteName) else { return .fail(name, noSite(siteName)) }
            guard let repository = try LibGit2Repositories().openRepository(at: site.endpoints.workspacePath) else {
                return .fail(name, "\(siteName) has no workspace")
            }
            let problems = try repository.problems()
            return problems.isEmpty ? .pass(name, "clean")
                : .fail(name, "the workspace of \(siteName) is left with \(problems.map(\.rawValue).joined(separator: ", "))")

        case .sessionRow, .readyWithin, .response, .reloads, .serviceCount, .peakTasks, .containerRows, .workspaceRetained, .volumeFile, .websiteServes:
            return try PlatformCheckEvaluator.evaluate(check, evidence)
        }
    }

    /// The object, nil when the bucket has no such key; any other failure throws.
    static func object(_ key: String, in bucket: String, _ evidence: RunEvidence) throws(AWSError) -> S3Object? {
        do {
            return try evidence.run.aws.s3.getObject(GetObjectRequest(bucket: bucket, key: key))
        } catch {
            if error.code == "NoSuchKey" { return nil }
            throw error
        }
    }

    /// The site's remote; nil when the world has no such site, an error when it cannot be opened.
    static func remote(_ siteName: String, _ evidence: RunEvidence) throws -> BareRemote? {
        guard let site = evidence.site(siteName) else { return nil }
        return try evidence.openRemote(site)
    }

    /// The branch's commits that `main` does not have, newest first (none when the branch does not exist).
    static func ownCommits(_ remote: BareRemote, _ branch: String) throws -> [RemoteCommit] {
        guard try remote.branches()[branch] != nil else { return [] }
        let main = Set(try remote.commits(on: "main").map(\.id))
        return try remote.commits(on: branch).filter { !main.contains($0.id) }
    }

    /// Every event of the edit log group matching the filter pattern, in time order. A search that fails
    /// throws: the check then fails, it never counts what it could not read as nothing.
    static func logEvents(_ pattern: String, _ evidence: RunEvidence) throws -> [FilteredLogEvent] {
        var events: [FilteredLogEvent] = []
        var token: String?
        repeat {
            let page = try evidence.run.aws.logs.filterLogEvents(FilterLogEventsRequest(
                logGroupName: WorldNames.editLogGroup, filterPattern: pattern, nextToken: token))
            events += page.events
            token = page.nextToken
        } while token != nil
        return events
    }

    static func between(_ from: String, _ to: String, atMost: Duration, name: String, _ evidence: RunEvidence) -> CheckResult {
        do {
            guard let start = try logEvents(from, evidence).first else { return .fail(name, "no event matches \(from)") }
            guard let end = try logEvents(to, evidence).first(where: { $0.timestamp >= start.timestamp }) else {
                return .fail(name, "no event matches \(to) after the one matching \(from)")
            }
            let took = Duration.milliseconds(end.timestamp - start.timestamp)
            let text = String(format: "%.1f s", took.secondsValue)
            return took <= atMost ? .pass(name, "\(text) from \(from) to \(to)")
                : .fail(name, "\(text) from \(from) to \(to); the limit is \(String(format: "%.1f s", atMost.secondsValue))")
        } catch {
            return .fail(name, "\(WorldNames.editLogGroup) cannot be searched: \(error)")
        }
    }

    static func noSite(_ name: String) -> String { "the world has no site \(name)" }

    static func quoted(_ texts: [String]) -> String { texts.map { "\"\($0)\"" }.joined(separator: ", ") }

    static func seconds(_ duration: Duration) -> String { String(format: "%.1f s", duration.secondsValue) }
}
