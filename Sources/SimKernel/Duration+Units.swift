extension Duration {
    /// The duration as whole nanoseconds (sub-nanosecond parts are dropped).
    public var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }

    /// The duration as whole milliseconds, rounded down.
    public var wholeMilliseconds: Int64 { floorDivide(nanoseconds, 1_000_000) }

    /// The duration in seconds as a floating-point value, for reports only (never for decisions).
    public var secondsValue: Double { Double(nanoseconds) / 1_000_000_000 }
}
