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
    public static let startingBuild = "Starting Astro build"
    public static let buildComplete = "Build complete"
    public static let buildFailed = "Build failed"
    public static let startingSync = "Starting S3 sync"
    public static let syncComplete = "S3 sync complete"
    public static let syncFailed = "S3 sync failed"
    /// `Pushing <branch> to origin` (with its space, so `Pushing` alone matches no other line).
    public static let pushing = "Pushing "
    public static let pushComplete = "Git push complete"
    public static let pushFailed = "Git push failed"
    public static let processingComplete = "Processing complete"
}
