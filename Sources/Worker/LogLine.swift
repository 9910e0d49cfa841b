/// The beginnings of the worker's log lines that other code reads (the metrics, the checkers, the timeline, the
/// swarm): written here once, used by the worker when it logs and by every reader, so neither side can drift.
public enum LogLine {
    public static let claimed = "Successfully claimed"
    public static let containerReady = "Container ready"
    public static let processingCommand = "Processing command"
    public static let switched = "Switched to"
    public static let runningClaude = "Running Claude"
    public static let claudeFinished = "Claude finished"
    public static let claudeFailed = "Claude failed"
    public static let interrupted = "Interrupted"
    public static let interruptedByCommand = "Interrupted by command"
    /// `Committed <sha8>: <subject>` and `Committed work in progress <sha8> on <branch>`.
    public static let committed = "Committed"
    public static let noChangesToCommit = "No changes to commit"
    public static let noWorkInProgress = "No work in progress to commit"
    public static let commitFailed = "Git commit failed"
    /// HEAD left the session's branch while Claude ran: nothing is committed, the attempt fails.
    public static let workspaceChangedDuringClaude = "The workspace changed while Claude ran"
    public static let startingBuild = "Starting Astro build"
    public static let buildComplete = "Build complete"
    public static let buildFailed = "Build failed"
    /// `Build interrupted; the partial build is not deployed`.
    public static let buildInterrupted = "Build interrupted"
    public static let startingSync = "Starting S3 sync"
    public static let syncComplete = "S3 sync complete"
    public static let syncFailed = "S3 sync failed"
    /// `S3 sync interrupted: N uploaded, M deleted`.
    public static let syncInterrupted = "S3 sync interrupted"
    /// `Pushing <branch> to origin` (with its space, so `Pushing` alone matches no other line).
    public static let pushing = "Pushing "
    public static let pushComplete = "Git push complete"
    public static let pushFailed = "Git push failed"
    public static let processingComplete = "Processing complete"
    /// `Restored the last completed deploy to s3://bucket/: ...`, after a sync that failed or was interrupted.
    public static let restoredDeploy = "Restored the last completed deploy to"
    public static let couldNotRestoreDeploy = "Could not restore the last completed deploy to"

    /// `Interrupted by command C of session S; stopping ...`: written and read here only.
    public static func interruption(byCommand command: String, session: String, stopping: String) -> String {
        "\(interruptedByCommand) \(command) of session \(session); stopping \(stopping)"
    }

    /// The command and session of an `interruption` line; nil for any other line.
    public static func interruptingCommand(in message: String) -> (command: String, session: String)? {
        guard message.hasPrefix(interruptedByCommand + " ") else { return nil }
        let words = message.dropFirst(interruptedByCommand.count + 1).split(separator: " ")
        guard words.count >= 4, words[1] == "of", words[2] == "session" else { return nil }
        return (String(words[0]), String(words[3].prefix { $0 != ";" }))
    }
}
