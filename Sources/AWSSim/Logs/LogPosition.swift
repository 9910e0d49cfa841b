/// A position in a stream's or group's event order (timestamp, then ingestion sequence). Tokens carry one.
struct LogPosition: Comparable {
    var timestamp: Int64
    var seq: Int64

    init(timestamp: Int64, seq: Int64) {
        self.timestamp = timestamp
        self.seq = seq
    }

    static func < (lhs: LogPosition, rhs: LogPosition) -> Bool {
        (lhs.timestamp, lhs.seq) < (rhs.timestamp, rhs.seq)
    }

    static let start = LogPosition(timestamp: .min, seq: .min)
    static let end = LogPosition(timestamp: .max, seq: .max)

    /// `f/` or `b/` and 40 digits, the shape of the GetLogEvents tokens AWS returns.
    func token(_ direction: Character) -> String {
        "\(direction)/" + LogPosition.digits(timestamp) + LogPosition.digits(seq)
    }

    init?(token: String, direction: Character) {
        let bytes = Array(token.utf8)
        guard bytes.count == 42, bytes[0] == direction.asciiValue, bytes[1] == 47,
            let t = UInt64(String(decoding: bytes[2..<22], as: UTF8.self)),
            let s = UInt64(String(decoding: bytes[22..<42], as: UTF8.self))
        else { return nil }
        timestamp = Int64(bitPattern: t ^ (1 << 63))
        seq = Int64(bitPattern: s ^ (1 << 63))
    }

    /// Flipping the sign bit maps Int64 onto UInt64 in order, so negative sentinels print as 20 digits too.
    private static func digits(_ value: Int64) -> String {
        let text = String(UInt64(bitPattern: value) ^ (1 << 63))
        return String(repeating: "0", count: 20 - text.count) + text
    }
}
