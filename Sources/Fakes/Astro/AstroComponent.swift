import Foundation
import SimKernel

/// One parsed `.astro` file: the frontmatter (imports, constants, props destructuring) and the template.
struct AstroComponent {
    let file: String
    /// Component imports: local name → resolved path of the `.astro` file.
    var components: [String: String] = [:]
    /// Constants and JSON imports, evaluated.
    var constants: [String: AstroValue] = [:]
    /// Names destructured from `Astro.props`.
    var propNames: [String] = []
    var template: String = ""
    /// The template as UTF-8, as the renderer scans it.
    var templateBytes: [UInt8] = []
    /// The line the template starts on (for error messages).
    var templateLine = 1

    /// Parses `text` read from `file` (a path relative to the site root). `readJSON` loads imported JSON.
    init(file: String, text: String, readJSON: (String) throws -> JSONValue) throws {
        self.file = file
        var lines = text.components(separatedBy: "\n")
        guard lines.first?.trimmingCharacters(in: .whitespaces) == "---" else {
            template = text
            templateBytes = Array(text.utf8)
            return
        }
        guard let end = lines.dropFirst().firstIndex(where: { $0.trimmingCharacters(in: .whitespaces) == "---" }) else {
            throw AstroError(file: file, line: 1, message: "frontmatter is not closed with ---")
        }
        for (offset, raw) in lines[1..<end].enumerated() {
            try parseStatement(raw.trimmingCharacters(in: .whitespaces), line: offset + 2, readJSON: readJSON)
        }
        templateLine = end + 2
        lines.removeSubrange(0...end)
        template = lines.joined(separator: "\n")
        templateBytes = Array(template.utf8)
    }

    private mutating func parseStatement(_ statement: String, line: Int, readJSON: (String) throws -> JSONValue) throws {
        var text = statement
        if text.isEmpty || text.hasPrefix("//") { return }
        if text.hasSuffix(";") { text.removeLast() }
        if text.hasPrefix("import ") {
            let parts = text.dropFirst(7).components(separatedBy: " from ")
            guard parts.count == 2, let path = AstroComponent.literal(parts[1].trimmingCharacters(in: .whitespaces)) else {
                throw AstroError(file: file, line: line, message: "unsupported import: \(statement)")
            }
            let name = parts[0].trimmingCharacters(in: .whitespaces)
            let resolved = AstroComponent.resolve(path, from: file)
            if path.hasSuffix(".astro") {
                components[name] = resolved
            } else if path.hasSuffix(".json") {
                do {
                    constants[name] = AstroValue(json: try readJSON(resolved))
                } catch let error as AstroError {
                    throw error
                } catch {
                    throw AstroError(file: file, line: line, message: "cannot import \(path): \(error)")
                }
            } else if path.hasSuffix(".css") {
                return
            } else {
                throw AstroError(file: file, line: line, message: "cannot import \(path): only .astro, .json and .css imports are supported")
            }
            return
        }
        if text.hasPrefix("const ") {
            let body = text.dropFirst(6)
            guard let equals = body.firstIndex(of: "=") else {
                throw AstroError(file: file, line: line, message: "unsupported statement: \(statement)")
            }
            let target = body[..<equals].trimmingCharacters(in: .whitespaces)
            let value = body[body.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            if target.hasPrefix("{"), target.hasSuffix("}"), value == "Astro.props" {
                propNames += target.dropFirst().dropLast().split(separator: ",").map {
                    $0.split(separator: "=").first!.trimmingCharacters(in: .whitespaces)
                }
                return
            }
            if let string = AstroComponent.literal(value) {
                constants[target] = .string(string)
            } else if Double(value) != nil {
                constants[target] = .number(value)
            } else {
                throw AstroError(file: file, line: line, message: "unsupported value for \(target): \(value)")
            }
            return
        }
        throw AstroError(file: file, line: line, message: "unsupported frontmatter statement: \(statement)")
    }

    /// A quoted string literal's contents ('...' or "..."), or nil.
    static func literal(_ text: String) -> String? {
        guard text.count >= 2, let quote = text.first, quote == "\"" || quote == "'", text.last == quote else { return nil }
        return String(text.dropFirst().dropLast())
    }

    /// `../components/Footer.astro` seen from `src/pages/index.astro` → `src/components/Footer.astro`.
    static func resolve(_ path: String, from file: String) -> String {
        var parts = file.split(separator: "/").dropLast().map(String.init)
        for component in path.split(separator: "/") {
            switch component {
            case ".": continue
            case "..": if !parts.isEmpty { parts.removeLast() }
            default: parts.append(String(component))
            }
        }
        return parts.joined(separator: "/")
    }
}
