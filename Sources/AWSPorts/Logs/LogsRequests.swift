public struct InputLogEvent: Hashable, Sendable {
    /// Milliseconds since the Unix epoch.
    public var timestamp: Int64
    public var message: String

    public init(timestamp: Int64, message: String) {
        self.timestamp = timestamp
        self.message = message
    }
}

public struct RejectedLogEventsInfo: Hashable, Sendable {
    public var tooNewLogEventStartIndex: Int?
    public var tooOldLogEventEndIndex: Int?
    public var expiredLogEventEndIndex: Int?

    public init(tooNewLogEventStartIndex: Int? = nil, tooOldLogEventEndIndex: Int? = nil,
                expiredLogEventEndIndex: Int? = nil) {
        self.tooNewLogEventStartIndex = tooNewLogEventStartIndex
        self.tooOldLogEventEndIndex = tooOldLogEventEndIndex
        self.expiredLogEventEndIndex = expiredLogEventEndIndex
    }
}

public struct PutLogEventsResult: Hashable, Sendable {
    /// Set when some events were rejected individually (too new, too old, expired); the rest were stored.
    public var rejectedLogEventsInfo: RejectedLogEventsInfo?
    /// How many events were stored.
    public var acceptedCount: Int

    public init(rejectedLogEventsInfo: RejectedLogEventsInfo?, acceptedCount: Int) {
        self.rejectedLogEventsInfo = rejectedLogEventsInfo
        self.acceptedCount = acceptedCount
    }
}

public struct OutputLogEvent: Hashable, Sendable {
    public var timestamp: Int64
    public var message: String
    public var ingestionTime: Int64

    public init(timestamp: Int64, message: String, ingestionTime: Int64) {
        self.timestamp = timestamp
        self.message = message
        self.ingestionTime = ingestionTime
    }
}

public struct GetLogEventsRequest: Sendable {
    public var logGroupName: String
    public var logStreamName: String
    public var startTime: Int64?
    public var endTime: Int64?
    public var nextToken: String?
    /// At most 10,000 (the default).
    public var limit: Int?
    /// False (the AWS default) starts from the newest events.
    public var startFromHead: Bool

    public init(
        logGroupName: String, logStreamName: String, startTime: Int64? = nil, endTime: Int64? = nil,
        nextToken: String? = nil, limit: Int? = nil, startFromHead: Bool = false
    ) {
        self.logGroupName = logGroupName
        self.logStreamName = logStreamName
        self.startTime = startTime
        self.endTime = endTime
        self.nextToken = nextToken
        self.limit = limit
        self.startFromHead = startFromHead
    }
}

public struct GetLogEventsResult: Hashable, Sendable {
    /// Oldest first, within the page.
    public var events: [OutputLogEvent]
    /// Never nil. At the end of the stream the token passed in comes back.
    public var nextForwardToken: String
    public var nextBackwardToken: String

    public init(events: [OutputLogEvent], nextForwardToken: String, nextBackwardToken: String) {
        self.events = events
        self.nextForwardToken = nextForwardToken
        self.nextBackwardToken = nextBackwardToken
    }
}

public struct FilterLogEventsRequest: Sendable {
    public var logGroupName: String
    public var logStreamNames: [String]?
    public var logStreamNamePrefix: String?
    public var startTime: Int64?
    public var endTime: Int64?
    /// CloudWatch filter pattern syntax; empty or nil matches every event. Unsupported syntax is an error.
    public var filterPattern: String?
    public var nextToken: String?
    public var limit: Int?

    public init(
        logGroupName: String, logStreamNames: [String]? = nil, logStreamNamePrefix: String? = nil,
        startTime: Int64? = nil, endTime: Int64? = nil, filterPattern: String? = nil, nextToken: String? = nil,
        limit: Int? = nil
    ) {
        self.logGroupName = logGroupName
        self.logStreamNames = logStreamNames
        self.logStreamNamePrefix = logStreamNamePrefix
        self.startTime = startTime
        self.endTime = endTime
        self.filterPattern = filterPattern
        self.nextToken = nextToken
        self.limit = limit
    }
}

public struct FilteredLogEvent: Hashable, Sendable {
    public var logStreamName: String
    public var timestamp: Int64
    public var message: String
    public var ingestionTime: Int64
    public var eventId: String

    public init(logStreamName: String, timestamp: Int64, message: String, ingestionTime: Int64, eventId: String) {
        self.logStreamName = logStreamName
        self.timestamp = timestamp
        self.message = message
        self.ingestionTime = ingestionTime
        self.eventId = eventId
    }
}

public struct FilterLogEventsResult: Hashable, Sendable {
    /// Ordered by timestamp, then by ingestion order.
    public var events: [FilteredLogEvent]
    /// Nil when there is nothing more.
    public var nextToken: String?

    public init(events: [FilteredLogEvent], nextToken: String?) {
        self.events = events
        self.nextToken = nextToken
    }
}

public struct LogGroup: Hashable, Sendable {
    public var logGroupName: String
    public var arn: String
    public var creationTime: Int64
    public var retentionInDays: Int?
    public var storedBytes: Int

    public init(logGroupName: String, arn: String, creationTime: Int64, retentionInDays: Int?, storedBytes: Int) {
        self.logGroupName = logGroupName
        self.arn = arn
        self.creationTime = creationTime
        self.retentionInDays = retentionInDays
        self.storedBytes = storedBytes
    }
}

public struct LogStream: Hashable, Sendable {
    public var logStreamName: String
    public var arn: String
    public var creationTime: Int64
    public var firstEventTimestamp: Int64?
    public var lastEventTimestamp: Int64?
    public var lastIngestionTime: Int64?
    public var storedBytes: Int

    public init(
        logStreamName: String, arn: String, creationTime: Int64, firstEventTimestamp: Int64?,
        lastEventTimestamp: Int64?, lastIngestionTime: Int64?, storedBytes: Int
    ) {
        self.logStreamName = logStreamName
        self.arn = arn
        self.creationTime = creationTime
        self.firstEventTimestamp = firstEventTimestamp
        self.lastEventTimestamp = lastEventTimestamp
        self.lastIngestionTime = lastIngestionTime
        self.storedBytes = storedBytes
    }
}

public enum LogStreamOrder: String, Sendable {
    case logStreamName = "LogStreamName"
    case lastEventTime = "LastEventTime"
}
