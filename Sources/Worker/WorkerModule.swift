/// The session worker of SPEC section 3 lives here (the session-worker issue fills it). It depends only on
/// the ports in `AWSPorts` and on `SimKernel`, never on the simulator, SQLite or libgit2.
public enum WorkerModule {
    public static let name = "Worker"
}
