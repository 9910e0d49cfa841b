import Foundation
import SimKernel

/// Commit messages as the container writes them: a subject of at most 72 characters, never empty and free of
/// control characters, and a body ending in `Session:`, `Command:`, `User:` and `Time:` trailers.
public enum CommitMessage {
    static let politePrefixes = ["please ", "can you ", "could you ", "i need to ", "i want to ", "let's ", "help me ", "assist with "]
    static let subjectLimit = 72

    /// What tells sessions apart in `git log --oneline`, short enough to leave the subject room: the session
    /// id, with a leading `session-` written as `…` (`session-aaa-111` → `…aaa-111`); past 12 characters, its
    /// first 8, `~` and 5 hex digits of a stable hash of the whole id. Ids hold neither `…` nor `~`, so two
    /// sessions get one tag only if the hashes of two long ids collide.
    public static func tag(_ sessionId: String) -> String {
        let prefixed = sessionId.hasPrefix("session-") && sessionId.count > "session-".count
        let body = prefixed ? sessionId.dropFirst("session-".count) : sessionId[...]
        let marker = prefixed ? "…" : ""
        if body.count <= 12 { return marker + body }
        let hash = String(StableHash.mix64(StableHash.fnv1a64(sessionId)) >> 44, radix: 16)
        return marker + body.prefix(8) + "~" + String(repeating: "0", count: 5 - hash.count) + hash
    }

    /// `[action] [(file summary)] [[tag]]`, at most 72 characters: the action is shortened first so the file
    /// summary and the session tag survive.
    public static func subject(instruction: String, files: [String], sessionId: String) -> String {
        var action = SafeText.line(instruction.components(separatedBy: .newlines).first { !SafeText.line($0).isEmpty } ?? "")
        for prefix in politePrefixes where action.lowercased().hasPrefix(prefix) {
            action = String(action.dropFirst(prefix.count))
            break
        }
        action = action.trimmingCharacters(in: .whitespaces)
        if let first = action.first { action = first.uppercased() + action.dropFirst() }
        if action.isEmpty { action = "Update" }
        // A long file name must not push the subject past 72: the summary gives way first.
        let summary = fileSummary(files).map { summary in
            let text = SafeText.line(summary)
            return "(" + (text.count > 40 ? text.prefix(39) + "…" : text) + ")"
        }
        let tail = ([summary, "[\(tag(sessionId))]"].compactMap { $0 }).joined(separator: " ")
        let room = subjectLimit - tail.count - 1
        if action.count > room { action = String(action.prefix(max(room - 3, 1))).trimmingCharacters(in: .whitespaces) + "..." }
        return action + " " + tail
    }

    /// 1 file: its name; all with one extension: `3 CSS files`; all in one folder: `3 files in src/pages`;
    /// otherwise `3 files`. Nil for no files.
    public static func fileSummary(_ files: [String]) -> String? {
        guard !files.isEmpty else { return nil }
        if files.count == 1 { return String(files[0].split(separator: "/").last ?? "") }
        let extensions = Set(files.map { $0.split(separator: "/").last.flatMap { $0.contains(".") ? $0.split(separator: ".").last : nil }.map(String.init) ?? "" })
        if extensions.count == 1, let ext = extensions.first, !ext.isEmpty { return "\(files.count) \(ext.uppercased()) files" }
        let folders = Set(files.map { $0.split(separator: "/").dropLast().joined(separator: "/") })
        if folders.count == 1, let folder = folders.first, !folder.isEmpty { return "\(files.count) files in \(folder)" }
        return "\(files.count) files"
    }

    /// The body: the full instruction when the subject could not hold it, the files when there are many,
    /// then the trailers.
    public static func body(instruction: String, files: [String], sessionId: String, commandId: String, userId: String, at instant: Instant) -> String {
        var parts: [String] = []
        let cleaned = SafeText.lines(instruction)
        if cleaned.count > 60 || cleaned.contains("\n") {
            // Quoted, so no line of it can pass for a trailer.
            parts.append("Full instruction:\n" + wrap(cleaned, width: 70).split(separator: "\n", omittingEmptySubsequences: false).map { "> " + $0 }.joined(separator: "\n"))
        }
        if files.count > 3 {
            parts.append("Files changed:\n" + files.map { "  - \(SafeText.line($0))" }.joined(separator: "\n"))
        }
        parts.append(trailers(sessionId: sessionId, commandId: commandId, userId: userId, at: instant))
        return parts.joined(separator: "\n\n")
    }

    public static func full(instruction: String, files: [String], sessionId: String, commandId: String, userId: String, at instant: Instant) -> String {
        subject(instruction: instruction, files: files, sessionId: sessionId) + "\n\n"
            + body(instruction: instruction, files: files, sessionId: sessionId, commandId: commandId, userId: userId, at: instant) + "\n"
    }

    static func trailers(sessionId: String, commandId: String, userId: String?, at instant: Instant) -> String {
        "Session: \(sessionId)\nCommand: \(commandId)\n" + (userId.map { "User: \($0)\n" } ?? "") + "Time: \(instant.iso8601Seconds)"
    }

    /// The commit of a dirty tree before leaving its branch, in the name of the command that left it.
    public static func switching(from sessionId: String, commandId: String, at instant: Instant) -> String {
        "Switching sessions [\(tag(sessionId))]\n\n" + trailers(sessionId: sessionId, commandId: commandId, userId: nil, at: instant) + "\n"
    }

    /// The subject of an interrupted command's partial work.
    public static func interrupted(sessionId: String) -> String { "WIP: Session interrupted [\(tag(sessionId))]" }

    /// Whether `message` is the commit a command makes when it completes (not a switching or WIP commit).
    public static func isCommit(of commandId: String, session sessionId: String, message: String) -> Bool {
        let subject = message.prefix { $0 != "\n" }
        if subject.hasPrefix("WIP: ") || subject.hasPrefix("Switching sessions ") { return false }
        let found = trailers(in: message)
        return found["Command"] == commandId && found["Session"] == sessionId
    }

    /// The trailers of a message: `Key: value` lines of its last paragraph only (the body above it may quote
    /// anything a user typed).
    public static func trailers(in message: String) -> [String: String] {
        let paragraphs = message.trimmingCharacters(in: .newlines).components(separatedBy: "\n\n")
        guard paragraphs.count > 1, let last = paragraphs.last else { return [:] }
        var found: [String: String] = [:]
        for line in last.split(separator: "\n") {
            guard let colon = line.range(of: ": ") else { return [:] }
            found[String(line[..<colon.lowerBound])] = String(line[colon.upperBound...])
        }
        return found
    }

    static func wrap(_ text: String, width: Int) -> String {
        var lines: [String] = []
        for paragraph in text.components(separatedBy: "\n") {
            var line = ""
            for word in paragraph.split(separator: " ") {
                if !line.isEmpty && line.count + 1 + word.count > width {
                    lines.append(line)
                    line = ""
                }
                line += line.isEmpty ? String(word) : " " + word
            }
            lines.append(line)
        }
        return lines.joined(separator: "\n")
    }
}
