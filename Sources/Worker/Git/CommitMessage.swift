import Foundation
import SimKernel

/// Commit messages as the container writes them.
public enum CommitMessage {
    static let politePrefixes = ["please ", "can you ", "could you ", "i need to ", "i want to ", "let's ", "help me ", "assist with "]

    /// `[action] [(file summary)] [[tag]]`, at most 72 characters: the action is shortened first so the file
    /// summary and the session tag survive.
    public static func subject(instruction: String, files: [String], sessionId: String) -> String {
        var action = instruction.trimmingCharacters(in: .whitespacesAndNewlines)
            .components(separatedBy: .newlines).first ?? ""
        for prefix in politePrefixes where action.lowercased().hasPrefix(prefix) {
            action = String(action.dropFirst(prefix.count))
            break
        }
        action = action.trimmingCharacters(in: .whitespaces)
        if let first = action.first { action = first.uppercased() + action.dropFirst() }
        if action.isEmpty { action = "Update" }
        let tag = "[\(sessionId.prefix(8))]"
        let summary = fileSummary(files).map { "(\($0))" }
        let tail = ([summary, tag].compactMap { $0 }).joined(separator: " ")
        let room = 72 - tail.count - 1
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
        if instruction.count > 60 || instruction.contains("\n") {
            parts.append("Full instruction:\n" + wrap(instruction, width: 72))
        }
        if files.count > 3 {
            parts.append("Files changed:\n" + files.map { "  - \($0)" }.joined(separator: "\n"))
        }
        parts.append("Session: \(sessionId)\nCommand: \(commandId)\nUser: \(userId)\nTime: \(instant.iso8601Seconds)")
        return parts.joined(separator: "\n\n")
    }

    public static func full(instruction: String, files: [String], sessionId: String, commandId: String, userId: String, at instant: Instant) -> String {
        subject(instruction: instruction, files: files, sessionId: sessionId) + "\n\n"
            + body(instruction: instruction, files: files, sessionId: sessionId, commandId: commandId, userId: userId, at: instant) + "\n"
    }

    /// The commit made of a dirty tree before leaving its session's branch.
    public static func switching(from sessionId: String) -> String { "Switching sessions [\(sessionId.prefix(8))]" }

    /// The commit of an interrupted command's partial work.
    public static func interrupted(sessionId: String) -> String { "WIP: Session interrupted [\(sessionId.prefix(8))]" }

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
