import Foundation

/// What `wsim serve` starts from.
public enum ServedWorld: Sendable, Equatable {
    /// An empty account: no queues, tables, log groups or clusters.
    case empty
    /// A seed set's world (`--seed-set amelia`): its queues, tables, log groups, cluster, buckets and remotes.
    case seedSet(name: String)
    /// A finished run's database (`--run .wsim/runs/<...>/<scenario>`): served from a copy unless `inPlace`.
    case run(folder: URL, inPlace: Bool)
}
