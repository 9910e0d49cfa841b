import SimKernel

/// One of the seed's checks, as data: what the seed says (`expect`) and how it is checked, always against
/// state the worker does not control (the remotes, the buckets, the log group, the tables), except
/// `answered`, which reads the responses.
public struct ScenarioCheck: Sendable {
    public var expect: String
    public var line: Int?
    public var kind: Kind

    public enum Kind: Sendable, Equatable {
        case branchExists(site: String, branches: [String])
        case fileContains(site: String, branch: String, path: String, texts: [String])
        case fileLacks(site: String, branch: String, path: String, texts: [String])
        case headCommit(site: String, branch: String, subjectPrefix: String)
        /// The branch is not on the site's remote.
        case branchAbsent(site: String, branch: String)
        /// The whole message (subject, body, trailers) of the branch's head commit holds each text.
        case commitMessage(site: String, branch: String, texts: [String])
        /// How many faults fired in the main phase.
        case faultsInjected(atLeast: Int, atMost: Int?)
        case commitSubjects(site: String, branch: String, newestFirst: [String])
        case commitCount(site: String, branch: String, atLeast: Int?, exactly: Int?)
        case branchesDiffer(site: String, branches: [String])
        case bucketContains(site: String, key: String, texts: [String])
        /// The text occurs exactly `times` times in the file at the branch head (`branch` + `path`) or in the
        /// object (`key`).
        case occurrences(site: String, branch: String?, path: String, text: String, times: Int)
        case bucketLacks(site: String, key: String, texts: [String])
        case bucketObjects(site: String, atLeast: Int)
        case bucketMatchesLastDeploy(site: String)
        case log(pattern: String, atLeast: Int, atMost: Int?)
        /// The first event matching `to` that follows the first event matching `from` comes within `atMost`.
        case between(from: String, to: String, atMost: Duration)
        case containerStatus(command: String, allowed: [String])
        case deadLetters(site: String, count: Int)
        case answered(command: String, success: Bool?, interrupted: Bool?)
        case finishedWithin(Duration)
        case metrics(site: String?, build: Duration?, sync: Duration?, total: Duration?)
        case workspaceClean(site: String)
        /// The session's row in `webordinary-edit-sessions` (and its status, if given).
        case sessionRow(session: String, statuses: [String])
        /// A live container owned the session's site within this long of its creation.
        case readyWithin(session: String, limit: Duration)
        /// A kept response: status, headers, body texts, upgraded.
        case response(request: String, status: Int?, headers: [String: String], texts: [String], upgraded: Bool?)
        /// A live-reload subscription received `reload` at least this many times.
        case reloads(subscription: String, atLeast: Int)
        /// A service's counts at the end of the main phase.
        case serviceCount(service: String, desired: Int?, running: Int?)
        /// The most tasks of a service running at the same time during the run.
        case peakTasks(service: String, atLeast: Int?, exactly: Int?)
        /// At least `atLeast` container rows have one of these statuses (with `all`, every row has).
        case containerRows(statuses: [String], atLeast: Int, all: Bool)
        /// Everything of the `before` snapshot is in the `after` one (files by content hash, branches, commits).
        case workspaceRetained(before: String, after: String)
        /// A file exists in the site's workspace on the volume (optionally containing texts).
        case volumeFile(site: String, path: String, texts: [String])
        /// A GET on the site's bucket website endpoint (`index.html` for directories, the error document).
        case websiteServes(site: String, path: String, status: Int, texts: [String])
    }

    /// The site the check reads, when it names one.
    public var site: String? {
        switch kind {
        case .branchExists(let site, _), .branchAbsent(let site, _), .commitMessage(let site, _, _), .fileContains(let site, _, _, _), .fileLacks(let site, _, _, _), .headCommit(let site, _, _),
            .commitSubjects(let site, _, _), .commitCount(let site, _, _, _), .branchesDiffer(let site, _), .bucketContains(let site, _, _),
            .occurrences(let site, _, _, _, _), .bucketLacks(let site, _, _), .bucketObjects(let site, _), .bucketMatchesLastDeploy(let site),
            .deadLetters(let site, _), .workspaceClean(let site), .volumeFile(let site, _, _), .websiteServes(let site, _, _, _):
            site
        case .metrics(let site, _, _, _):
            site
        case .log, .between, .faultsInjected, .containerStatus, .answered, .finishedWithin, .sessionRow, .readyWithin, .response, .reloads, .serviceCount,
            .peakTasks, .containerRows, .workspaceRetained:
            nil
        }
    }
}
