import AWSPorts
import AWSSim
import Foundation
import GitWorkspace
import Messages
import SimKernel
import Worker

/// Where a run keeps what it writes besides its remotes and workspaces.
public enum RunStorage: Sendable {
    /// `wsim.sqlite` and `trace.jsonl` in the output folder (what `wsim run` writes).
    case files
    /// The database in memory and the trace only as its digest: what the swarm uses while it searches (a
    /// failure is then run again with `files`; the same seed gives the same run).
    case scratch
}
