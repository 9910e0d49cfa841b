import AWSPorts
import AWSSim
import Foundation
import SimKernel

/// CloudWatch Logs in AWS JSON 1.1 (`X-Amz-Target: Logs_20140328.<Operation>`), including what
/// `aws logs tail` and `aws logs filter-log-events` call.
enum LogsHandler {
    static let contentType = "application/x-amz-json-1.1"

    enum Operation: String, CaseIterable {
        case createLogGroup = "CreateLogGroup"
        case deleteLogGroup = "DeleteLogGroup"
        case describeLogGroups = "DescribeLogGroups"
        case putRetentionPolicy = "PutRetentionPolicy"
        case createLogStream = "CreateLogStream"
        case describeLogStreams = "DescribeLogStreams"
        case putLogEvents = "PutLogEvents"
        case getLogEvents = "GetLogEvents"
        case filterLogEvents = "FilterLogEvents"
    }

    static func handle(_ operationName: String, body: JSONValue, _ context: WireContext) throws(AWSError) -> WireOutcome {
        guard let operation = Operation(rawValue: operationName) else {
            throw WireErrors.unknownOperation(operationName, service: .logs)
        }
        let answer = try run(operation, try WireInput(body, service: .logs), context.aws.logs)
        return .answer(WireResponse(
            status: 200, headers: [("Content-Type", contentType), ("x-amzn-RequestId", context.requestId)],
            body: Data(answer.canonicalText.utf8)))
    }

    static func run(_ operation: Operation, _ input: WireInput, _ logs: SimulatedLogs) throws(AWSError) -> JSONValue {
        switch operation {
        case .createLogGroup:
            try logs.createLogGroup(try input.string("logGroupName"))
            return .object([:])
        case .deleteLogGroup:
            try logs.deleteLogGroup(try input.string("logGroupName"))
            return .object([:])
        case .describeLogGroups:
            let groups = try logs.describeLogGroups(prefix: try input.optionalString("logGroupNamePrefix"))
            let page = try Paging.page(groups, input: input, maximum: 50)
            return JSONAnswer.object([
                ("logGroups", .array(page.items.map { group in
                    JSONAnswer.object([
                        ("logGroupName", .string(group.logGroupName)), ("arn", .string(group.arn + ":*")),
                        ("logGroupArn", .string(group.arn)), ("creationTime", JSONAnswer.number(group.creationTime)),
                        ("retentionInDays", group.retentionInDays.map(JSONAnswer.number)),
                        ("storedBytes", JSONAnswer.number(group.storedBytes)), ("metricFilterCount", .number("0")),
                    ])
                })),
                ("nextToken", page.nextToken.map { .string($0) }),
            ])
        case .putRetentionPolicy:
            try logs.putRetentionPolicy(logGroupName: try input.string("logGroupName"), retentionInDays: try input.int("retentionInDays"))
            return .object([:])
        case .createLogStream:
            try logs.createLogStream(logGroupName: try input.string("logGroupName"), logStreamName: try input.string("logStreamName"))
            return .object([:])
        case .describeLogStreams:
            let orderText = try input.optionalString("orderBy") ?? LogStreamOrder.logStreamName.rawValue
            guard let order = LogStreamOrder(rawValue: orderText) else {
                throw WireErrors.invalidValue("orderBy", "Member must satisfy enum value set: [LogStreamName, LastEventTime]", service: .logs)
            }
            let streams = try logs.describeLogStreams(
                logGroupName: try groupName(input), prefix: try input.optionalString("logStreamNamePrefix"), orderBy: order,
                descending: try input.bool("descending", default: false))
            let page = try Paging.page(streams, input: input, maximum: 50)
            return JSONAnswer.object([
                ("logStreams", .array(page.items.map { stream in
                    JSONAnswer.object([
                        ("logStreamName", .string(stream.logStreamName)), ("arn", .string(stream.arn)),
                        ("creationTime", JSONAnswer.number(stream.creationTime)),
                        ("firstEventTimestamp", stream.firstEventTimestamp.map(JSONAnswer.number)),
                        ("lastEventTimestamp", stream.lastEventTimestamp.map(JSONAnswer.number)),
                        ("lastIngestionTime", stream.lastIngestionTime.map(JSONAnswer.number)),
                        ("storedBytes", JSONAnswer.number(stream.storedBytes)),
                    ])
                })),
                ("nextToken", page.nextToken.map { .string($0) }),
            ])
        case .putLogEvents:
            var events: [InputLogEvent] = []
            for event in try input.objectList("logEvents") ?? [] {
                guard let timestamp = try event.optionalInt64("timestamp") else { throw WireErrors.missing("logEvents.timestamp", service: .logs) }
                events.append(InputLogEvent(timestamp: timestamp, message: try event.string("message")))
            }
            let result = try logs.putLogEvents(
                logGroupName: try input.string("logGroupName"), logStreamName: try input.string("logStreamName"), events: events)
            return JSONAnswer.object([
                ("rejectedLogEventsInfo", result.rejectedLogEventsInfo.map { info in
                    JSONAnswer.object([
                        ("tooNewLogEventStartIndex", info.tooNewLogEventStartIndex.map(JSONAnswer.number)),
                        ("tooOldLogEventEndIndex", info.tooOldLogEventEndIndex.map(JSONAnswer.number)),
                        ("expiredLogEventEndIndex", info.expiredLogEventEndIndex.map(JSONAnswer.number)),
                    ])
                }),
            ])
        case .getLogEvents:
            let result = try logs.getLogEvents(GetLogEventsRequest(
                logGroupName: try groupName(input), logStreamName: try input.string("logStreamName"),
                startTime: try input.optionalInt64("startTime"), endTime: try input.optionalInt64("endTime"),
                nextToken: try input.optionalString("nextToken"), limit: try input.optionalInt("limit"),
                startFromHead: try input.bool("startFromHead", default: false)))
            return .object([
                "events": .array(result.events.map { event in
                    .object(["timestamp": JSONAnswer.number(event.timestamp), "message": .string(event.message), "ingestionTime": JSONAnswer.number(event.ingestionTime)])
                }),
                "nextForwardToken": .string(result.nextForwardToken),
                "nextBackwardToken": .string(result.nextBackwardToken),
            ])
        case .filterLogEvents:
            let result = try logs.filterLogEvents(FilterLogEventsRequest(
                logGroupName: try groupName(input), logStreamNames: try input.stringList("logStreamNames"),
                logStreamNamePrefix: try input.optionalString("logStreamNamePrefix"),
                startTime: try input.optionalInt64("startTime"), endTime: try input.optionalInt64("endTime"),
                filterPattern: try input.optionalString("filterPattern"), nextToken: try input.optionalString("nextToken"),
                limit: try input.optionalInt("limit")))
            return JSONAnswer.object([
                ("events", .array(result.events.map { event in
                    .object([
                        "logStreamName": .string(event.logStreamName), "timestamp": JSONAnswer.number(event.timestamp),
                        "message": .string(event.message), "ingestionTime": JSONAnswer.number(event.ingestionTime),
                        "eventId": .string(event.eventId),
                    ])
                })),
                ("searchedLogStreams", .array([])),
                ("nextToken", result.nextToken.map { .string($0) }),
            ])
        }
    }

    /// `logGroupName`, or `logGroupIdentifier` (a name or an ARN) as newer clients send.
    private static func groupName(_ input: WireInput) throws(AWSError) -> String {
        if let name = try input.optionalString("logGroupName") { return name }
        guard let identifier = try input.optionalString("logGroupIdentifier") else { throw WireErrors.missing("logGroupName", service: .logs) }
        if identifier.hasPrefix("arn:"), let range = identifier.range(of: ":log-group:") {
            var name = String(identifier[range.upperBound...])
            if name.hasSuffix(":*") { name.removeLast(2) }
            return name
        }
        return identifier
    }
}

/// Name-ordered pages for the describe calls the services answer whole: `limit` and an opaque `nextToken`
/// (the last name of the previous page).
enum Paging {
    struct Page<Item> {
        var items: [Item]
        var nextToken: String?
    }

    static func page<Item>(_ items: [Item], input: WireInput, maximum: Int) throws(AWSError) -> Page<Item> {
        let limit = try input.optionalInt("limit") ?? maximum
        guard (1...maximum).contains(limit) else {
            throw WireErrors.invalidValue("limit", "Member must have value between 1 and \(maximum)", service: input.service)
        }
        var start = 0
        if let token = try input.optionalString("nextToken") {
            guard let decoded = Data(base64Encoded: token), let offset = Int(String(decoding: decoded, as: UTF8.self)), offset >= 0, offset <= items.count else {
                throw AWSError(code: "InvalidParameterException", message: "The specified nextToken is invalid.")
            }
            start = offset
        }
        let end = min(items.count, start + limit)
        let next = end < items.count ? Data(String(end).utf8).base64EncodedString() : nil
        return Page(items: Array(items[start..<end]), nextToken: next)
    }
}
