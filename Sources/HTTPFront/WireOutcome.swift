import AWSPorts
import AWSSim
import SimKernel

/// What a protocol handler hands back: an answer, or a long poll that found its queue empty and must wait
/// for a message or the end of its wait (the host waits, then asks again).
enum WireOutcome {
    case answer(WireResponse)
    case longPoll(LongPoll)
}

struct LongPoll {
    /// The region whose SQS holds the queue.
    let region: String
    /// The queue's URL as the client named it.
    let queueUrl: String
    /// When to look again (a message may become visible earlier than the wait ends).
    let wakeAt: Instant
    /// When the poll's wait is over.
    let waitEndsAt: Instant
    /// The answer to give when the wait ends with nothing.
    let emptyAnswer: WireResponse
}

/// What every handler needs for one request: the region's services, the base URL clients reach the server
/// by, and the request id to answer with.
struct WireContext {
    let aws: SimulatedAWS
    /// `http://127.0.0.1:4566`: queue URLs point back here.
    let endpoint: String
    let requestId: String
    /// Every served region's services, home first (S3's ListBuckets lists the buckets of all regions).
    var everyRegion: [SimulatedAWS] = []

    /// A queue URL as clients see it: on this server, not on amazonaws.com.
    func outwardQueueURL(_ url: String) -> String {
        let prefix = "https://sqs.\(aws.account.region).amazonaws.com/"
        guard url.hasPrefix(prefix) else { return url }
        return endpoint + "/" + url.dropFirst(prefix.count)
    }
}
