import AWSSim
import SimKernel

/// SPEC section 7: each bucket holds exactly the last completed deploy of its site, and nothing of another
/// site. The bucket's history is replayed from the S3 event log (every put, copy and delete, in order); a
/// deploy counts as completed when the bucket held exactly the output of one of the site's own builds, after
/// that build finished. At the end the bucket must hold the last such deploy.
public enum BucketDeployChecker {
    public static let name = "Each bucket holds the last completed deploy of its site"

    public static func check(_ evidence: RunEvidence) -> CheckResult {
        var problems: [String] = []
        var notes: [String] = []
        let events = (try? evidence.run.database.eventLog(service: "s3")) ?? []
        for site in evidence.world.sites where site.seed.hasBucket {
            let bucket = site.endpoints.bucket
            let builds = evidence.run.builds.builds(of: site.endpoints.workspacePath)
            var state: [String: String] = [:]
            var lastDeploy: BuildLedger.Build?
            for event in events {
                guard let keys = (try? JSONValue.parse(event.keys))?.objectValue, keys["bucket"]?.stringValue == bucket else { continue }
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
            let actual = objects(in: bucket, evidence) ?? state
            if let lastDeploy {
                if actual != lastDeploy.files {
                    problems.append("\(bucket) does not hold the last completed deploy (the build of \(lastDeploy.finishedAt.iso8601)): "
                        + difference(actual, expected: lastDeploy.files, site: site))
                } else {
                    notes.append("\(bucket): the build of \(lastDeploy.finishedAt.iso8601)")
                }
            } else if !actual.isEmpty {
                problems.append("\(bucket) holds \(actual.keys.sorted().joined(separator: ", ")) but no build of "
                    + "\(site.seed.clientId)/\(site.seed.projectId) was ever completely deployed")
            } else {
                notes.append("\(bucket): empty, no deploy completed")
            }
        }
        if problems.isEmpty { return .pass(name, notes.joined(separator: "; ")) }
        return .fail(name, problems.joined(separator: "; "))
    }

    /// The bucket's objects as they are now (key to ETag).
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

    static func difference(_ actual: [String: String], expected: [String: String], site: WorldSite) -> String {
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
