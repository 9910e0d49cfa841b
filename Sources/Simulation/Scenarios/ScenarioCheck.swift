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
        case commitSubjects(site: String, branch: String, newestFirst: [String])
        case commitCount(site: String, branch: String, atLeast: Int?, exactly: Int?)
        case branchesDiffer(site: String, branches: [String])
        case bucketContains(site: String, key: String, texts: [String])
        case bucketLacks(site: String, key: String, texts: [String])
        case bucketObjects(site: String, atLeast: Int)
        case bucketMatchesLastDeploy(site: String)
        case log(pattern: String, atLeast: Int, atMost: Int?)
        case containerStatus(command: String, allowed: [String])
        case deadLetters(site: String, count: Int)
        case answered(command: String, success: Bool?, interrupted: Bool?)
        case finishedWithin(Duration)
        case metrics(site: String?, build: Duration?, sync: Duration?, total: Duration?)
        case workspaceClean(site: String)
    }
}
