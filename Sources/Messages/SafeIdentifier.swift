/// The rule every id in a message must follow (SPEC section 2): `^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$`, no
/// `..`, and, since a chat thread id becomes a git branch, nothing git refuses in a ref name.
public enum SafeIdentifier {
    /// Nil when `value` is safe; otherwise why not.
    public static func problem(with value: String) -> String? {
        let bytes = Array(value.utf8)
        if bytes.isEmpty { return "it is empty" }
        if bytes.count > 128 { return "it is \(bytes.count) characters long (at most 128)" }
        guard isAlphanumeric(bytes[0]) else { return "it must start with a letter or a digit" }
        if let bad = bytes.first(where: { !(isAlphanumeric($0) || $0 == 46 || $0 == 95 || $0 == 45) }) {
            let shown = bad == 32 ? "a space" : bad < 32 || bad > 126 ? "a non-ASCII or control character" : "'\(Character(Unicode.Scalar(bad)))'"
            return "it contains \(shown) (only letters, digits, '.', '_' and '-' are allowed)"
        }
        if value.contains("..") { return "it contains '..'" }
        if value.hasSuffix(".lock") { return "it ends with '.lock', which git refuses in branch names" }
        if value.hasSuffix(".") { return "it ends with '.', which git refuses in branch names" }
        return nil
    }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (48...57).contains(byte) || (65...90).contains(byte) || (97...122).contains(byte)
    }
}
