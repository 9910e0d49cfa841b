import AWSPorts
import AWSSim
import SimKernel

/// The awslogs driver of one container: buffers its log lines and ships them to a CloudWatch Logs stream
/// after each step of the worker. Shipping is the driver's work, not the worker's: its latency is not
/// charged to the worker. A failed put keeps the lines for the next flush (up to `capacity`, then the
/// oldest are dropped, as the driver's non-blocking mode does).
public final class LogShipper: @unchecked Sendable {
    // @unchecked: the simulation runs on one thread (DESIGN); the handler that holds this never crosses threads.
    public let logGroup: String
    public let logStream: String
    let aws: SimulatedAWS
    let capacity: Int
    private var buffer: [InputLogEvent] = []
    public private(set) var dropped = 0
    private var streamCreated = false

    public init(aws: SimulatedAWS, logGroup: String, logStream: String, capacity: Int = 10_000) {
        self.aws = aws
        self.logGroup = logGroup
        self.logStream = logStream
        self.capacity = capacity
    }

    var now: Instant { aws.scheduler.now }

    /// Buffers one line, written as the JSON object of its fields, and records it in the run's trace with those
    /// fields (`level`, `message`, `sessionId`, `commandId`, ...) as the event's keys, so the trace says what
    /// happened to which command, not only that a batch of some hash was put.
    func append(fields: [String: JSONValue]) {
        if buffer.count >= capacity {
            buffer.removeFirst()
            dropped += 1
        }
        buffer.append(InputLogEvent(timestamp: now.unixMilliseconds, message: JSONValue.object(fields).canonicalText))
        var keys = fields
        keys["stream"] = .string(logStream)
        aws.trace.record(TraceEvent(instant: now, source: "log", operation: logGroup, keysJSON: JSONValue.object(keys).canonicalText))
    }

    /// Puts the buffered lines, in batches within PutLogEvents' limits.
    public func flush() {
        guard !buffer.isEmpty else { return }
        let caller = Caller.logDriver(stream: logStream).name
        aws.latency.withCaller(caller) {
            do {
                if !streamCreated {
                    do {
                        try aws.logs.createLogStream(logGroupName: logGroup, logStreamName: logStream)
                    } catch let error as AWSError where error.code == "ResourceAlreadyExistsException" {}
                    streamCreated = true
                }
                while !buffer.isEmpty {
                    let batch = Array(buffer.prefix(1000))
                    _ = try aws.logs.putLogEvents(logGroupName: logGroup, logStreamName: logStream, events: batch)
                    buffer.removeFirst(batch.count)
                }
            } catch {
                // Kept for the next flush.
            }
        }
        _ = aws.latency.take(for: caller)
    }
}
