import AWSPorts
import AWSSim
import SimKernel
import Testing

@Suite("CloudWatch Logs")
struct LogsTests {
    let world: TestWorld
    var logs: SimulatedLogs { world.aws.logs }
    let group = "/ecs/webordinary/edit"
    let stream = "edit/claude-code-astro/task-1"

    init() throws {
        world = try TestWorld()
        try world.aws.logs.createLogGroup(group)
        try world.aws.logs.createLogStream(logGroupName: group, logStreamName: stream)
    }

    var nowMs: Int64 { world.now.unixMilliseconds }

    func put(_ messages: [String], stream: String? = nil, at offsetMs: Int64 = 0) throws -> PutLogEventsResult {
        try logs.putLogEvents(
            logGroupName: group, logStreamName: stream ?? self.stream,
            events: messages.enumerated().map { InputLogEvent(timestamp: nowMs + offsetMs + Int64($0.offset), message: $0.element) })
    }

    @Test func groupsAndStreams() throws {
        _ = expectAWSError("ResourceAlreadyExistsException") { try logs.createLogGroup(group) }
        _ = expectAWSError("ResourceAlreadyExistsException") { try logs.createLogStream(logGroupName: group, logStreamName: stream) }
        let missing = expectAWSError("ResourceNotFoundException") { try logs.createLogStream(logGroupName: "/nope", logStreamName: "s") }
        #expect(missing?.message == "The specified log group does not exist.")
        _ = expectAWSError("InvalidParameterException") { try logs.createLogGroup("bad name!") }
        try logs.createLogGroup("/ecs/webordinary/hermes")
        #expect(try logs.describeLogGroups(prefix: "/ecs/").map(\.logGroupName) == ["/ecs/webordinary/edit", "/ecs/webordinary/hermes"])
        _ = try put(["Container ready"])
        let described = try logs.describeLogStreams(logGroupName: group, prefix: nil, orderBy: .lastEventTime, descending: true)
        #expect(described.first?.lastEventTimestamp == nowMs)
        _ = expectAWSError("InvalidParameterException") {
            _ = try logs.describeLogStreams(logGroupName: group, prefix: "edit", orderBy: .lastEventTime, descending: false)
        }
        try logs.putRetentionPolicy(logGroupName: group, retentionInDays: 7)
        _ = expectAWSError("InvalidParameterException") { try logs.putRetentionPolicy(logGroupName: group, retentionInDays: 8) }
    }

    @Test func timestampsBelowZeroAndExtremeSpansAreRefused() throws {
        let extremes = expectAWSError("InvalidParameterException") {
            _ = try logs.putLogEvents(logGroupName: group, logStreamName: stream, events: [
                InputLogEvent(timestamp: .min, message: "a"), InputLogEvent(timestamp: .max, message: "b"),
            ])
        }
        #expect(extremes?.message.contains("greater than or equal to 0") == true)
        _ = expectAWSError("InvalidParameterException") {
            _ = try logs.putLogEvents(logGroupName: group, logStreamName: stream, events: [
                InputLogEvent(timestamp: 0, message: "a"), InputLogEvent(timestamp: .max, message: "b"),
            ])
        }
    }

    @Test func batchRules() throws {
        _ = expectAWSError("ResourceNotFoundException") { _ = try put(["x"], stream: "missing") }
        _ = expectAWSError("InvalidParameterException") {
            _ = try logs.putLogEvents(logGroupName: group, logStreamName: stream, events: [])
        }
        let order = expectAWSError("InvalidParameterException") {
            _ = try logs.putLogEvents(logGroupName: group, logStreamName: stream, events: [
                InputLogEvent(timestamp: nowMs, message: "b"), InputLogEvent(timestamp: nowMs - 1, message: "a"),
            ])
        }
        #expect(order?.message == "Log events in a single PutLogEvents request must be in chronological order.")
        _ = expectAWSError("InvalidParameterException") {
            _ = try logs.putLogEvents(logGroupName: group, logStreamName: stream, events: [
                InputLogEvent(timestamp: nowMs - 90_000_000, message: "a"), InputLogEvent(timestamp: nowMs, message: "b"),
            ])
        }
        _ = expectAWSError("InvalidParameterException") {
            _ = try logs.putLogEvents(logGroupName: group, logStreamName: stream, events: [
                InputLogEvent(timestamp: nowMs, message: String(repeating: "x", count: 1_048_576)),
            ])
        }
    }

    @Test func eventsTooOldOrTooNewAreRejectedOneByOne() throws {
        let old = try logs.putLogEvents(logGroupName: group, logStreamName: stream, events: [
            InputLogEvent(timestamp: nowMs - 15 * 86_400_000, message: "old"),
            InputLogEvent(timestamp: nowMs - 15 * 86_400_000 + 1, message: "old too"),
        ])
        #expect(old.acceptedCount == 0)
        #expect(old.rejectedLogEventsInfo == RejectedLogEventsInfo(tooOldLogEventEndIndex: 1))
        let result = try logs.putLogEvents(logGroupName: group, logStreamName: stream, events: [
            InputLogEvent(timestamp: nowMs, message: "fine"),
            InputLogEvent(timestamp: nowMs + 3 * 3_600_000, message: "future"),
        ])
        #expect(result.acceptedCount == 1)
        #expect(result.rejectedLogEventsInfo == RejectedLogEventsInfo(tooNewLogEventStartIndex: 1))
        let stored = try logs.getLogEvents(GetLogEventsRequest(logGroupName: group, logStreamName: stream, startFromHead: true))
        #expect(stored.events.map(\.message) == ["fine"])
    }

    @Test func getLogEventsPagesBothWaysAndReturnsTheSameTokenAtTheEnd() throws {
        _ = try put((0..<25).map { "line \($0)" })
        var page = try logs.getLogEvents(GetLogEventsRequest(logGroupName: group, logStreamName: stream, limit: 10, startFromHead: true))
        #expect(page.events.map(\.message) == (0..<10).map { "line \($0)" })
        var all = page.events.map(\.message)
        while true {
            let next = try logs.getLogEvents(GetLogEventsRequest(
                logGroupName: group, logStreamName: stream, nextToken: page.nextForwardToken, limit: 10, startFromHead: true))
            if next.nextForwardToken == page.nextForwardToken {
                #expect(next.events.isEmpty)
                break
            }
            all += next.events.map(\.message)
            page = next
        }
        #expect(all == (0..<25).map { "line \($0)" })
        let tail = try logs.getLogEvents(GetLogEventsRequest(logGroupName: group, logStreamName: stream, limit: 5))
        #expect(tail.events.map(\.message) == (20..<25).map { "line \($0)" }, "newest events, oldest first within the page")
        let earlier = try logs.getLogEvents(GetLogEventsRequest(
            logGroupName: group, logStreamName: stream, nextToken: tail.nextBackwardToken, limit: 5))
        #expect(earlier.events.map(\.message) == (15..<20).map { "line \($0)" })
        _ = expectAWSError("InvalidParameterException") {
            _ = try logs.getLogEvents(GetLogEventsRequest(logGroupName: group, logStreamName: stream, nextToken: "garbage"))
        }
    }

    @Test func filterLogEventsAcrossStreamsWithTermsPhrasesAndJSON() throws {
        try logs.createLogStream(logGroupName: group, logStreamName: "edit/claude-code-astro/task-2")
        _ = try put([
            "S3 sync complete: 12 uploaded, 0 deleted sessionId=session-aaa-111 commandId=cmd-001",
            "ERROR Build failed: missing layout sessionId=session-bbb-222 commandId=cmd-002",
            "WARN slow build sessionId=session-aaa-111 commandId=cmd-003",
        ])
        _ = try put([
            #"{"level":"info","message":"Git push complete","sessionId":"session-aaa-111","timings":{"push":840}}"#,
            #"{"level":"error","message":"Git push failed","sessionId":"session-ccc-333","timings":{"push":10}}"#,
        ], stream: "edit/claude-code-astro/task-2", at: 10)
        func filter(_ pattern: String, streams: [String]? = nil) throws -> [String] {
            try logs.filterLogEvents(FilterLogEventsRequest(logGroupName: group, logStreamNames: streams, filterPattern: pattern)).events.map(\.message)
        }
        #expect(try filter("").count == 5)
        #expect(try filter(#""S3 sync complete" "session-aaa-111""#).count == 1)
        #expect(try filter("ERROR").count == 1)
        #expect(try filter("?ERROR ?WARN").count == 2)
        #expect(try filter(#"-ERROR "sessionId=""#).count == 2)
        #expect(try filter("build").count == 1, "terms are case-sensitive")
        #expect(try filter(#"{ $.level = "error" }"#).count == 1)
        #expect(try filter(#"{ $.timings.push > 100 }"#).count == 1)
        #expect(try filter(#"{ $.sessionId = "session-a*" || $.level = error }"#).count == 2)
        #expect(try filter(#"{ ($.level = info) && $.missing NOT EXISTS }"#).count == 1)
        #expect(try filter("ERROR", streams: ["edit/claude-code-astro/task-2"]).isEmpty)
        for unsupported in ["[ip, user, status=404]", "%ERR.*%", "session-aaa-111", #"{ $.level = "#, "ERROR ?WARN"] {
            let error = expectAWSError("InvalidParameterException") { _ = try filter(unsupported) }
            #expect(error?.message.hasPrefix("Invalid filter pattern") == true, "\(unsupported)")
        }
        _ = expectAWSError("InvalidParameterException") {
            _ = try logs.filterLogEvents(FilterLogEventsRequest(logGroupName: group, logStreamNames: [stream], logStreamNamePrefix: "edit"))
        }
    }

    @Test func filterLogEventsPagesWithNextToken() throws {
        _ = try put((0..<7).map { "event \($0)" })
        var token: String?
        var seen: [String] = []
        repeat {
            let page = try logs.filterLogEvents(FilterLogEventsRequest(logGroupName: group, filterPattern: "event", nextToken: token, limit: 3))
            seen += page.events.map(\.message)
            token = page.nextToken
        } while token != nil
        #expect(seen == (0..<7).map { "event \($0)" })
    }
}
