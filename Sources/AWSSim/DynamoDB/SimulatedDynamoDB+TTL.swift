import AWSPorts
import SimKernel

extension SimulatedDynamoDB {
    /// Keeps one timer at the next instant an item's TTL passes (plus the seeded deletion delay). The timer
    /// is derived from the database, so it never disagrees with it.
    func scheduleReaperIfNeeded() {
        let cutoff = now.unixSeconds - 157_680_000
        guard let next = try? context.database.readAccess({ db in
            try db.sql("SELECT MIN(expires_at) FROM ddb_item WHERE expires_at IS NOT NULL AND expires_at >= ?")
                .first(.integer(cutoff)) { $0.optionalInt64(0) } ?? nil
        }) ?? nil else { return }
        let due = max(Instant(unixSeconds: next + 1) + reaperDelays.duration(in: options.ttlDeletionDelay), now)
        if let timer = reaperTimer {
            if timer.at <= due { return }
            context.scheduler.cancel(timer.id)
        }
        let id = context.scheduler.schedule(at: due, "dynamodb.ttl-reaper") { [weak self] in self?.reap() }
        reaperTimer = (id, due)
    }

    /// Deletes every item whose TTL has passed, one event per item, then schedules the next sweep.
    func reap() {
        reaperTimer = nil
        let nowSeconds = now.unixSeconds
        context.recordTimerWork(.dynamodb) { db in
            let expired = try db.sql(
                """
                SELECT i.id, t.name, i.hash_key, i.range_key FROM ddb_item i JOIN ddb_table t ON t.id = i.table_id
                WHERE i.expires_at IS NOT NULL AND i.expires_at < ? AND i.expires_at >= ? ORDER BY i.id
                """
            ).all(.integer(nowSeconds), .integer(nowSeconds - 157_680_000)) {
                (id: $0.int64(0), table: $0.string(1), key: StoredKey(hash: $0.string(2), range: $0.string(3)))
            }
            let delete = try db.sql("DELETE FROM ddb_item WHERE id = ?")
            for row in expired {
                try delete.execute(.integer(row.id))
                try context.database.appendEvent(
                    db, service: .dynamodb, operation: "TTLDeleteItem", at: now,
                    keys: ["table": row.table, "key": describe(row.key)])
            }
        }
        scheduleReaperIfNeeded()
    }
}
