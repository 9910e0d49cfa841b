import Foundation
import AWSPorts
import SimKernel

extension SimulatedLogs {
    /// Stores a batch: the batch must be in chronological order, span at most 24 hours, hold at most 10,000
    /// events and 1,048,576 bytes (message bytes + 26 per event). Events more than 2 hours in the future,
    /// older than 14 days, or older than the group's retention are rejected one by one; the rest are stored.
    /// The sequence token is ignored, as it is in AWS today.
    public func putLogEvents(logGroupName: String, logStreamName: String, events: [InputLogEvent]) throws(AWSError)
        -> PutLogEventsResult
    {
        let payload = events.reduce(0) { $0 + $1.message.utf8.count + 26 }
        return try context.perform(.logs, "PutLogEvents", resource: logGroupName, payloadBytes: payload) { db, _ in
            let group = try existingGroup(db, logGroupName)
            guard let stream = try streamId(db, group, logStreamName) else { throw LogsErrors.streamNotFound() }
            guard !events.isEmpty else {
                throw LogsErrors.invalidParameter(
                    "1 validation error detected: Value '[]' at 'logEvents' failed to satisfy constraint: Member must have length greater than or equal to 1")
            }
            guard events.count <= 10_000 else {
                throw LogsErrors.invalidParameter("The batch of log events exceeds the limit of 10000 events.")
            }
            guard payload <= 1_048_576 else {
                throw LogsErrors.invalidParameter("Upload too large: \(payload) bytes exceeds limit of 1048576")
            }
            for (index, event) in events.enumerated() {
                if event.message.isEmpty {
                    throw LogsErrors.invalidParameter("Log event message at index \(index) must have length greater than or equal to 1")
                }
                if index > 0 && event.timestamp < events[index - 1].timestamp {
                    throw LogsErrors.invalidParameter("Log events in a single PutLogEvents request must be in chronological order.")
                }
            }
            if let bad = events.firstIndex(where: { $0.timestamp < 0 }) {
                throw LogsErrors.invalidParameter("Log event timestamp at index \(bad) must be greater than or equal to 0")
            }
            if events.last!.timestamp.subtractingReportingOverflow(events.first!.timestamp).partialValue > 86_400_000 {
                throw LogsErrors.invalidParameter(
                    "The batch of log events in a single PutLogEvents request cannot span more than 24 hours.")
            }
            let retention = try db.sql("SELECT retention_days FROM logs_group WHERE id = ?").first(.integer(group)) {
                $0.optionalInt64(0)
            } ?? nil
            let tooNewAfter = nowMs + 2 * 3_600_000
            let tooOldBefore = nowMs - 14 * 86_400_000
            let expiredBefore = retention.map { nowMs - $0 * 86_400_000 }
            var rejected = RejectedLogEventsInfo()
            var accepted: [InputLogEvent] = []
            for (index, event) in events.enumerated() {
                if event.timestamp > tooNewAfter {
                    if rejected.tooNewLogEventStartIndex == nil { rejected.tooNewLogEventStartIndex = index }
                } else if let expiredBefore, event.timestamp < expiredBefore {
                    rejected.expiredLogEventEndIndex = index
                } else if event.timestamp < tooOldBefore {
                    rejected.tooOldLogEventEndIndex = index
                } else {
                    accepted.append(event)
                }
            }
            let insert = try db.sql(
                "INSERT INTO logs_event (group_id, stream_id, timestamp_ms, ingestion_ms, message) VALUES (?, ?, ?, ?, ?)")
            var bytes = 0
            var contentHash = StableHash.fnv1a64("".utf8)
            for event in accepted {
                try insert.execute(.integer(group), .integer(stream), .integer(event.timestamp), .integer(nowMs), .text(event.message))
                bytes += event.message.utf8.count
                contentHash = StableHash.fnv1a64(event.message.utf8, basis: StableHash.mix64(contentHash ^ UInt64(bitPattern: event.timestamp)))
            }
            if let first = accepted.first, let last = accepted.last {
                try db.sql(
                    """
                    UPDATE logs_stream SET first_event_ms = MIN(COALESCE(first_event_ms, ?1), ?1),
                        last_event_ms = MAX(COALESCE(last_event_ms, ?2), ?2), last_ingestion_ms = ?3,
                        stored_bytes = stored_bytes + ?4
                    WHERE id = ?5
                    """
                ).execute(.integer(first.timestamp), .integer(last.timestamp), .integer(nowMs), .int(bytes), .integer(stream))
            }
            let anyRejected = rejected != RejectedLogEventsInfo()
            try context.database.appendEvent(
                db, service: .logs, operation: "PutLogEvents", at: now,
                keys: [
                    "group": logGroupName, "stream": logStreamName, "accepted": String(accepted.count),
                    "rejected": String(events.count - accepted.count), "content": String(contentHash, radix: 16),
                ])
            return PutLogEventsResult(rejectedLogEventsInfo: anyRejected ? rejected : nil, acceptedCount: accepted.count)
        }
    }

    /// One stream's events in (timestamp, ingestion) order. Without a token it starts at the head or, by
    /// default, at the tail; the page is oldest-first either way. At the end of the stream the token passed
    /// in comes back, so "token unchanged" means "no more for now".
    public func getLogEvents(_ request: GetLogEventsRequest) throws(AWSError) -> GetLogEventsResult {
        try context.perform(.logs, "GetLogEvents", resource: request.logGroupName, readOnly: true) { db, _ in
            let group = try existingGroup(db, request.logGroupName)
            guard let stream = try streamId(db, group, request.logStreamName) else { throw LogsErrors.streamNotFound() }
            let limit = request.limit ?? 10_000
            guard (1...10_000).contains(limit) else {
                throw LogsErrors.invalidParameter("1 validation error detected: Value '\(limit)' at 'limit' failed to satisfy constraint: Member must have value between 1 and 10000")
            }
            var forward = request.startFromHead
            var after = LogPosition.start
            var before = LogPosition.end
            if let token = request.nextToken {
                if let position = LogPosition(token: token, direction: "f") {
                    forward = true
                    after = position
                } else if let position = LogPosition(token: token, direction: "b") {
                    forward = false
                    before = position
                } else {
                    throw LogsErrors.invalidParameter("The specified nextToken is invalid.")
                }
            }
            let start = request.startTime ?? .min
            let end = request.endTime ?? .max
            let decode: (SQLiteRow) -> (OutputLogEvent, LogPosition) = {
                (OutputLogEvent(timestamp: $0.int64(0), message: $0.string(2), ingestionTime: $0.int64(1)),
                 LogPosition(timestamp: $0.int64(0), seq: $0.int64(3)))
            }
            var rows: [(OutputLogEvent, LogPosition)]
            if forward {
                rows = try db.sql(
                    """
                    SELECT timestamp_ms, ingestion_ms, message, seq FROM logs_event
                    WHERE stream_id = ?1 AND (timestamp_ms, seq) > (?2, ?3) AND timestamp_ms >= ?4 AND timestamp_ms < ?5
                    ORDER BY timestamp_ms, seq LIMIT ?6
                    """
                ).all(.integer(stream), .integer(after.timestamp), .integer(after.seq), .integer(start), .integer(end), .int(limit), decode: decode)
            } else {
                rows = try db.sql(
                    """
                    SELECT timestamp_ms, ingestion_ms, message, seq FROM logs_event
                    WHERE stream_id = ?1 AND (timestamp_ms, seq) < (?2, ?3) AND timestamp_ms >= ?4 AND timestamp_ms < ?5
                    ORDER BY timestamp_ms DESC, seq DESC LIMIT ?6
                    """
                ).all(.integer(stream), .integer(before.timestamp), .integer(before.seq), .integer(start), .integer(end), .int(limit), decode: decode)
                rows.reverse()
            }
            guard let first = rows.first?.1, let last = rows.last?.1 else {
                let token = request.nextToken
                let forwardToken = token.flatMap { LogPosition(token: $0, direction: "f") != nil ? $0 : nil }
                    ?? (request.startFromHead ? LogPosition.start : after).token("f")
                let backwardToken = token.flatMap { LogPosition(token: $0, direction: "b") != nil ? $0 : nil }
                    ?? LogPosition.end.token("b")
                return GetLogEventsResult(events: [], nextForwardToken: forwardToken, nextBackwardToken: backwardToken)
            }
            return GetLogEventsResult(events: rows.map(\.0), nextForwardToken: last.token("f"), nextBackwardToken: first.token("b"))
        }
    }

    /// Events of a group (or some of its streams) that match a filter pattern, oldest first.
    public func filterLogEvents(_ request: FilterLogEventsRequest) throws(AWSError) -> FilterLogEventsResult {
        try context.perform(.logs, "FilterLogEvents", resource: request.logGroupName, readOnly: true) { db, _ in
            let group = try existingGroup(db, request.logGroupName)
            if request.logStreamNames != nil && request.logStreamNamePrefix != nil {
                throw LogsErrors.invalidParameter("You cannot specify both LogStreamNames and LogStreamNamePrefix.")
            }
            let pattern = try FilterPattern.parse(request.filterPattern ?? "")
            let limit = request.limit ?? 10_000
            guard (1...10_000).contains(limit) else {
                throw LogsErrors.invalidParameter("1 validation error detected: Value '\(limit)' at 'limit' failed to satisfy constraint: Member must have value between 1 and 10000")
            }
            var after = LogPosition.start
            if let token = request.nextToken {
                guard let position = Data(base64Encoded: token).map([UInt8].init).flatMap({ LogPosition(token: String(decoding: $0, as: UTF8.self), direction: "n") }) else {
                    throw LogsErrors.invalidParameter("The specified nextToken is invalid.")
                }
                after = position
            }
            let streams = try db.sql("SELECT id, name FROM logs_stream WHERE group_id = ?").all(.integer(group)) {
                (id: $0.int64(0), name: $0.string(1))
            }
            let names = Dictionary(uniqueKeysWithValues: streams.map { ($0.id, $0.name) })
            let wanted: Set<Int64>? = {
                if let selected = request.logStreamNames { return Set(streams.filter { selected.contains($0.name) }.map(\.id)) }
                if let prefix = request.logStreamNamePrefix {
                    return Set(streams.filter { $0.name.utf8.starts(with: prefix.utf8) }.map(\.id))
                }
                return nil
            }()
            let page = try db.sql(
                """
                SELECT timestamp_ms, ingestion_ms, message, seq, stream_id FROM logs_event
                WHERE group_id = ?1 AND (timestamp_ms, seq) > (?2, ?3) AND timestamp_ms >= ?4 AND timestamp_ms <= ?5
                ORDER BY timestamp_ms, seq LIMIT 1000
                """)
            var events: [FilteredLogEvent] = []
            var cursor = after
            var more = false
            scanning: while true {
                let rows = try page.all(
                    .integer(group), .integer(cursor.timestamp), .integer(cursor.seq), .integer(request.startTime ?? .min),
                    .integer(request.endTime ?? .max)
                ) { (timestamp: $0.int64(0), ingestion: $0.int64(1), message: $0.string(2), seq: $0.int64(3), stream: $0.int64(4)) }
                for row in rows {
                    if wanted.map({ !$0.contains(row.stream) }) ?? false || !pattern.matches(row.message) {
                        cursor = LogPosition(timestamp: row.timestamp, seq: row.seq)
                        continue
                    }
                    if events.count == limit {
                        more = true
                        break scanning
                    }
                    cursor = LogPosition(timestamp: row.timestamp, seq: row.seq)
                    events.append(FilteredLogEvent(
                        logStreamName: names[row.stream] ?? "", timestamp: row.timestamp, message: row.message,
                        ingestionTime: row.ingestion, eventId: String(row.seq)))
                }
                if rows.count < 1000 { break }
            }
            return FilterLogEventsResult(events: events, nextToken: more ? Data(cursor.token("n").utf8).base64EncodedString() : nil)
        }
    }
}
