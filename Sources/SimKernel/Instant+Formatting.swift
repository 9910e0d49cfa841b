/// Calendar formatting without Foundation's formatters: always UTC and POSIX, so output never depends on the
/// machine's locale or time zone.
extension Instant {
    /// `2025-08-15T00:00:00.000Z`, millisecond precision (the shape AWS uses in JSON and XML).
    public var iso8601: String {
        let c = civil
        return String(unsafeUninitializedCapacity: 24) { buffer in
            var out = 0
            func digits(_ value: Int, _ width: Int) {
                var divisor = 1
                for _ in 1..<width { divisor *= 10 }
                for _ in 0..<width {
                    buffer[out] = UInt8(48 + (value / divisor) % 10)
                    out += 1
                    divisor /= 10
                }
            }
            func put(_ byte: UInt8) {
                buffer[out] = byte
                out += 1
            }
            digits(c.year, 4); put(45); digits(c.month, 2); put(45); digits(c.day, 2); put(84)
            digits(c.hour, 2); put(58); digits(c.minute, 2); put(58); digits(c.second, 2); put(46)
            digits(c.millisecond, 3); put(90)
            return out
        }
    }

    /// `2025-08-15T00:00:00Z`, second precision.
    public var iso8601Seconds: String {
        let c = civil
        return "\(pad(c.year, 4))-\(pad(c.month, 2))-\(pad(c.day, 2))T\(pad(c.hour, 2)):\(pad(c.minute, 2)):"
            + "\(pad(c.second, 2))Z"
    }

    /// `Fri, 15 Aug 2025 00:00:00 GMT` (RFC 7231 IMF-fixdate, the `Last-Modified` header shape).
    public var httpDate: String {
        let c = civil
        let days = floorDivide(unixSeconds, 86_400)
        let weekday = Int((days % 7 + 7 + 4) % 7)  // 1970-01-01 was a Thursday
        let weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        return "\(weekdays[weekday]), \(pad(c.day, 2)) \(months[c.month - 1]) \(pad(c.year, 4)) "
            + "\(pad(c.hour, 2)):\(pad(c.minute, 2)):\(pad(c.second, 2)) GMT"
    }

    /// Parses `YYYY-MM-DDTHH:MM:SS[.fff]Z`. Returns nil for anything else.
    public init?(iso8601 text: String) {
        let bytes = Array(text.utf8)
        func number(_ from: Int, _ count: Int) -> Int? {
            guard from + count <= bytes.count else { return nil }
            var value = 0
            for b in bytes[from..<(from + count)] {
                guard b >= 48, b <= 57 else { return nil }
                value = value * 10 + Int(b - 48)
            }
            return value
        }
        guard bytes.count >= 20, bytes[4] == 45, bytes[7] == 45, bytes[10] == 84, bytes[13] == 58, bytes[16] == 58,
            let year = number(0, 4), let month = number(5, 2), let day = number(8, 2),
            let hour = number(11, 2), let minute = number(14, 2), let second = number(17, 2),
            (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61
        else { return nil }
        var index = 19
        var nanos: Int64 = 0
        if bytes[index] == 46 {  // "."
            index += 1
            var scale: Int64 = 100_000_000
            while index < bytes.count, bytes[index] >= 48, bytes[index] <= 57 {
                nanos += Int64(bytes[index] - 48) * scale
                scale /= 10
                index += 1
            }
        }
        guard index == bytes.count - 1, bytes[index] == 90 else { return nil }  // "Z"
        let days = Instant.daysFromCivil(year: Int64(year), month: Int64(month), day: Int64(day))
        let seconds = days * 86_400 + Int64(hour * 3600 + minute * 60 + second)
        self.init(nanosecondsSinceUnixEpoch: seconds * 1_000_000_000 + nanos)
    }

    struct Civil {
        var year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int, millisecond: Int
    }

    var civil: Civil {
        let seconds = unixSeconds
        let days = floorDivide(seconds, 86_400)
        let secondOfDay = Int(seconds - days * 86_400)
        let millisecond = Int(unixMilliseconds - seconds * 1000)
        // Howard Hinnant's civil_from_days.
        let z = days + 719_468
        let era = floorDivide(z, 146_097)
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        return Civil(
            year: Int(year), month: Int(month), day: Int(day), hour: secondOfDay / 3600,
            minute: (secondOfDay % 3600) / 60, second: secondOfDay % 60, millisecond: millisecond)
    }

    static func daysFromCivil(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = floorDivide(y, 400)
        let yoe = y - era * 400
        let mp = month > 2 ? month - 3 : month + 9
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }
}

private func pad(_ value: Int, _ width: Int) -> String {
    let digits = String(value)
    return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
}
