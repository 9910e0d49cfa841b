import AWSSim
import SimKernel
import Worker

/// SPEC section 7: each bucket holds exactly one complete build after every deploy attempt, and the last
/// completed deploy at the end. The bucket's history is replayed from the S3 event log (every put, copy and
/// delete, in order). A deploy attempt ends with `S3 sync complete`, `Restored the last completed deploy`, or
/// its command's `Processing complete`; at each of those instants the bucket must hold exactly the output of
/// one of the site's own builds that had finished, or still be as it began (empty). Only while the worker
/// says a restore could not reach S3 (`Could not restore`) may it differ, until it is restored. At the end it
/// must hold the last build it held whole.
public enum BucketDeployChecker {
    public static let name = "Each bucket holds one whole build after every deploy"

    public static func check(_ evidence: RunEvidence) -> CheckResult { check(evidence, sites: evidence.world.sites) }

    /// The same, for these sites only (a scenario's `bucketMatchesLastDeploy` names one).
    static func check(_ evidence: RunEvidence, sites: [WorldSite]) -> CheckResult {
        var problems: [String] = []
        var notes: [String] = []
        let events: [EventLogEntry]
        do {
            events = try evidence.run.database.eventLog(service: "s3")
        } catch {
            return .fail(name, "the S3 event log cannot be read: \(error)")
        }
        var siteOfCommand: [String: String] = [:]
        for command in evidence.commands { siteOfCommand["\(command.sessionId) \(command.commandId)"] = command.siteKey }
        for site in sites where site.seedSite.hasBucket {
            let bucket = site.endpoints.bucket
            let builds = evidence.run.builds.builds(of: site.endpoints.workspacePath)
            let ownEvents = events.filter { (try? JSONValue.parse($0.keys))?.objectValue?["bucket"]?.stringValue == bucket }
            // The instants deploy attempts ended, and the spans the worker said the bucket could not be restored.
            var ends: [(at: Instant, what: String)] = []
            var broken: Instant?
            var waived: [(from: Instant, to: Instant)] = []
            for line in evidence.timeline.lines {
                let ofSite = line.commandId.flatMap { command in line.sessionId.flatMap { siteOfCommand["\($0) \(command)"] } } == site.seedSite.siteKey
                if line.message.hasPrefix("\(LogLine.couldNotRestoreDeploy) s3://\(bucket)/") {
                    // Taken as an excuse only if S3 really failed a call on the bucket then (the fault log says so).
                    if faulted(bucket, near: line.at, events) { broken = broken ?? line.at }
                } else if line.message.hasPrefix("\(LogLine.restoredDeploy) s3://\(bucket)/") {
                    if let from = broken { waived.append((from, line.at)) }
                    broken = nil
                    ends.append((line.at, "the restore at \(line.at.iso8601)"))
                } else if ofSite, line.message.hasPrefix(LogLine.syncComplete) || line.message == LogLine.processingComplete {
                    let what = line.message == LogLine.processingComplete ? "\(line.commandId ?? "?") completed" : "the sync of \(line.commandId ?? "?")"
                    ends.append((line.at, "\(what) at \(line.at.iso8601)"))
                }
            }
            if let from = broken { waived.append((from, Instant(nanosecondsSinceUnixEpoch: .max))) }
            var state: [String: String] = [:]
            var lastDeploy: BuildLedger.Build?
            var next = 0
            // Log events carry milliseconds, S3 events nanoseconds: an end covers every event of its millisecond.
            func checkEnds(upTo instant: Instant?) {
                while next < ends.count, instant.map({ ends[next].at.unixMilliseconds < $0.unixMilliseconds }) ?? true {
                    let end = ends[next]
                    next += 1
                    if waived.contains(where: { $0.from <= end.at && end.at < $0.to }) { continue }
                    let whole = state.isEmpty || builds.contains { $0.finishedAt <= end.at && $0.files == state }
                    if !whole {
                        problems.append("after \(end.what), \(bucket) held no whole build: "
                            + (lastDeploy.map { difference(state, expected: $0.files) } ?? "it holds \(state.keys.sorted().joined(separator: ", "))"))
                    }
                }
            }
            for event in ownEvents {
                checkEnds(upTo: event.at)
                guard let keys = (try? JSONValue.parse(event.keys))?.objectValue else { continue }
                switch event.operation {
                case "PutObject", "CopyObject":
                    if let key = keys["key"]?.stringValue, let eTag = keys["eTag"]?.stringValue { state[key] = eTag }
                case "DeleteObject":
                    if let key = keys["key"]?.stringValue { state[key] = nil }
                case "DeleteObjects":
                    for key in (keys["keys"]?.stringValue ?? "").split(separator: ",") { state[String(key)] = nil }
                default:
                    continue
                }
                if let match = builds.last(where: { $0.finishedAt <= event.at && $0.files == state }) { lastDeploy = match }
            }
            checkEnds(upTo: nil)
            guard let actual = objects(in: bucket, evidence) else {
                problems.append("\(bucket) cannot be listed")
                continue
            }
            if let lastDeploy {
                if actual != lastDeploy.files {
                    problems.append("\(bucket) does not hold the last completed deploy (the build of \(lastDeploy.finishedAt.iso8601)): "
                        + difference(actual, expected: lastDeploy.files))
                } else {
                    notes.append("\(bucket): the build of \(lastDeploy.finishedAt.iso8601)")
                }
            } else if !actual.isEmpty {
                problems.append("\(bucket) holds \(actual.keys.sorted().joined(separator: ", ")) but no build of "
                    + "\(site.seedSite.clientId)/\(site.seedSite.projectId) was ever completely deployed")
            } else {
                notes.append("\(bucket): empty, no deploy completed")
            }
        }
        if problems.isEmpty { return .pass(name, notes.joined(separator: "; ")) }
        return .fail(name, problems.joined(separator: "; "))
    }

    /// Whether a fault was injected on a call on the bucket in the second before `instant`.
    static func faulted(_ bucket: String, near instant: Instant, _ events: [EventLogEntry]) -> Bool {
        events.contains { event in
            event.operation == "FaultInjected" && event.at <= instant + .milliseconds(1) && event.at >= instant - .seconds(1)
                && (try? JSONValue.parse(event.keys))?.objectValue?["resource"]?.stringValue == bucket
        }
    }

    /// The bucket's objects as they are now (key to ETag); nil when it cannot be listed.
    static func objects(in bucket: String, _ evidence: RunEvidence) -> [String: String]? {
        var objects: [String: String] = [:]
        var token: String?
        repeat {
            guard let page = try? evidence.run.aws.s3.listObjectsV2(.init(bucket: bucket, continuationToken: token)) else { return nil }
            for object in page.contents { objects[object.key] = object.eTag }
            token = page.isTruncated ? page.nextContinuationToken : nil
        } while token != nil
        return objects
    }

    static func difference(_ actual: [String: String], expected: [String: String]) -> String {
        var parts: [String] = []
        let extra = actual.keys.filter { expected[$0] == nil }.sorted()
        let missing = expected.keys.filter { actual[$0] == nil }.sorted()
        let changed = actual.keys.filter { expected[$0] != nil && expected[$0] != actual[$0] }.sorted()
        if !extra.isEmpty { parts.append("it holds \(extra.joined(separator: ", ")), which that build did not produce") }
        if !missing.isEmpty { parts.append("it lacks \(missing.joined(separator: ", "))") }
        if !changed.isEmpty { parts.append("\(changed.joined(separator: ", ")) differ from that build") }
        return parts.joined(separator: "; ")
    }
}
