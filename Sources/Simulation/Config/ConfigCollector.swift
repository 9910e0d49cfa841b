/// Gathers the errors of one pass over a config file: each part is read on its own; a part that fails is
/// noted and the reading goes on.
struct ConfigCollector {
    private(set) var errors: [ConfigError] = []

    /// The part, or nil (its errors noted) when it fails.
    mutating func read<T>(_ body: () throws(ConfigError) -> T) -> T? {
        do {
            return try body()
        } catch {
            errors += error.all
            return nil
        }
    }

    mutating func note(_ error: ConfigError) { errors += error.all }

    /// Throws every error noted, as one.
    func finish() throws(ConfigError) {
        guard var first = errors.first else { return }
        first.others = Array(errors.dropFirst())
        throw first
    }
}
