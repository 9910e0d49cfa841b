import Foundation
import SimKernel

/// Renders `.astro` templates: `{expressions}` (escaped), tags with `attr={expression}`, components imported
/// in the frontmatter with props and children, and `<slot />` where a component puts its children.
///
/// Templates are scanned as UTF-8 bytes: every character with a meaning here is ASCII, and text between them
/// is copied as it is. Components are parsed once per build.
final class AstroRenderer {
    private let root: URL
    private var components: [String: AstroComponent] = [:]
    private var depth = 0

    init(root: URL) {
        self.root = root
    }

    func renderPage(_ file: String) throws -> String {
        let component = try load(file)
        var out: [UInt8] = []
        try render(component, props: [:], children: [], into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    func load(_ file: String) throws -> AstroComponent {
        if let cached = components[file] { return cached }
        let url = root.appendingPathComponent(file)
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw AstroError(file: file, line: 1, message: "file not found")
        }
        let component = try AstroComponent(file: file, text: String(decoding: data, as: UTF8.self)) { path in
            guard let json = FileManager.default.contents(atPath: self.root.appendingPathComponent(path).path) else {
                throw AstroError(file: file, line: 1, message: "\(path) not found")
            }
            do {
                return try JSONValue.parse(String(decoding: json, as: UTF8.self))
            } catch {
                throw AstroError(file: path, line: 1, message: "\(error)")
            }
        }
        components[file] = component
        return component
    }

    private func render(_ component: AstroComponent, props: [String: AstroValue], children: [UInt8], into out: inout [UInt8]) throws {
        depth += 1
        defer { depth -= 1 }
        guard depth < 32 else { throw AstroError(file: component.file, line: 1, message: "components nest too deeply (a component includes itself?)") }
        var scope = component.constants
        scope["Astro"] = .object(["props": .object(props)])
        for name in component.propNames { scope[name] = props[name] ?? .null }
        let template = Template(bytes: component.templateBytes, component: component)
        try renderTemplate(template, range: 0..<template.bytes.count, scope: scope, children: children, into: &out)
    }

    private func renderTemplate(_ t: Template, range: Range<Int>, scope: [String: AstroValue], children: [UInt8], into out: inout [UInt8]) throws {
        let bytes = t.bytes
        var i = range.lowerBound
        var textStart = i
        func flushText() {
            if textStart < i { out.append(contentsOf: bytes[textStart..<i]) }
        }
        while i < range.upperBound {
            let c = bytes[i]
            if c == ASCII.openBrace {
                flushText()
                guard let close = t.matchingBrace(from: i, limit: range.upperBound) else { throw t.error(at: i, "unclosed {") }
                let expression = t.text(i + 1..<close).trimmingCharacters(in: .whitespacesAndNewlines)
                if !(expression.hasPrefix("/*") && expression.hasSuffix("*/")) {
                    Self.escape(try evaluate(expression, scope: scope, in: t, at: i).text, into: &out)
                }
                i = close + 1
                textStart = i
                continue
            }
            if c == ASCII.lessThan, i + 1 < range.upperBound {
                let next = bytes[i + 1]
                if t.startsWith("<slot", at: i) {
                    flushText()
                    guard let end = t.tagEnd(from: i, limit: range.upperBound) else { throw t.error(at: i, "unclosed <slot>") }
                    out.append(contentsOf: children)
                    i = end + 1
                    if bytes[end - 1] != ASCII.slash, let close = t.find("</slot>", from: i, limit: range.upperBound) { i = close + 7 }
                    textStart = i
                    continue
                }
                if ASCII.isUpper(next) {
                    flushText()
                    i = try renderComponentTag(t, at: i, limit: range.upperBound, scope: scope, into: &out)
                    textStart = i
                    continue
                }
                if ASCII.isLetter(next) {
                    flushText()
                    guard let end = t.tagEnd(from: i, limit: range.upperBound) else { throw t.error(at: i, "unclosed <tag") }
                    try renderTag(t, range: i..<(end + 1), scope: scope, into: &out)
                    i = end + 1
                    textStart = i
                    continue
                }
            }
            i += 1
        }
        flushText()
    }

    private func renderComponentTag(_ t: Template, at start: Int, limit: Int, scope: [String: AstroValue], into out: inout [UInt8]) throws -> Int {
        guard let end = t.tagEnd(from: start, limit: limit) else { throw t.error(at: start, "unclosed component tag") }
        let selfClosing = t.bytes[end - 1] == ASCII.slash
        var nameEnd = start + 1
        while nameEnd < end, ASCII.isIdentifier(t.bytes[nameEnd]) { nameEnd += 1 }
        let name = t.text(start + 1..<nameEnd)
        guard let path = t.component.components[name] else { throw t.error(at: start, "\(name) is not defined") }
        let props = try attributes(t, range: nameEnd..<(selfClosing ? end - 1 : end), scope: scope, at: start)
        var next = end + 1
        var childHTML: [UInt8] = []
        if !selfClosing {
            guard let close = t.matchingCloseTag(name: Array(name.utf8), from: next, limit: limit) else {
                throw t.error(at: start, "<\(name)> is not closed")
            }
            try renderTemplate(t, range: next..<close, scope: scope, children: [], into: &childHTML)
            next = close + name.utf8.count + 3
        }
        try render(try load(path), props: props, children: childHTML, into: &out)
        return next
    }

    /// An HTML tag with `attr={expression}` values evaluated and quoted.
    private func renderTag(_ t: Template, range: Range<Int>, scope: [String: AstroValue], into out: inout [UInt8]) throws {
        let bytes = t.bytes
        guard bytes[range].contains(ASCII.openBrace) else {
            out.append(contentsOf: bytes[range])
            return
        }
        var i = range.lowerBound
        var quote: UInt8?
        while i < range.upperBound {
            let c = bytes[i]
            if let q = quote {
                out.append(c)
                if c == q { quote = nil }
            } else if c == ASCII.doubleQuote || c == ASCII.singleQuote {
                quote = c
                out.append(c)
            } else if c == ASCII.openBrace, let close = t.matchingBrace(from: i, limit: range.upperBound) {
                let value = try evaluate(t.text(i + 1..<close).trimmingCharacters(in: .whitespaces), scope: scope, in: t, at: i)
                out.append(ASCII.doubleQuote)
                Self.escape(value.text, into: &out)
                out.append(ASCII.doubleQuote)
                i = close
            } else {
                out.append(c)
            }
            i += 1
        }
    }

    private func attributes(_ t: Template, range: Range<Int>, scope: [String: AstroValue], at tagStart: Int) throws -> [String: AstroValue] {
        let bytes = t.bytes
        var props: [String: AstroValue] = [:]
        var i = range.lowerBound
        while i < range.upperBound {
            while i < range.upperBound, ASCII.isSpace(bytes[i]) { i += 1 }
            let nameStart = i
            while i < range.upperBound, !ASCII.isSpace(bytes[i]), bytes[i] != ASCII.equals { i += 1 }
            let name = t.text(nameStart..<i)
            guard !name.isEmpty else { break }
            guard i < range.upperBound, bytes[i] == ASCII.equals else {
                props[name] = .bool(true)
                continue
            }
            i += 1
            guard i < range.upperBound else { break }
            if bytes[i] == ASCII.openBrace, let close = t.matchingBrace(from: i, limit: range.upperBound) {
                props[name] = try evaluate(t.text(i + 1..<close).trimmingCharacters(in: .whitespaces), scope: scope, in: t, at: tagStart)
                i = close + 1
            } else if bytes[i] == ASCII.doubleQuote || bytes[i] == ASCII.singleQuote {
                let quote = bytes[i]
                let valueStart = i + 1
                i = valueStart
                while i < range.upperBound, bytes[i] != quote { i += 1 }
                props[name] = .string(t.text(valueStart..<min(i, range.upperBound)))
                i += 1
            } else {
                throw t.error(at: tagStart, "unquoted attribute value for \(name)")
            }
        }
        return props
    }

    /// `name`, `name.member.member` or a string literal.
    private func evaluate(_ expression: String, scope: [String: AstroValue], in t: Template, at offset: Int) throws -> AstroValue {
        if let literal = AstroComponent.literal(expression) { return .string(literal) }
        if Double(expression) != nil { return .number(expression) }
        let path = expression.split(separator: ".")
        guard let first = path.first, path.allSatisfy({ !$0.isEmpty && $0.utf8.allSatisfy(ASCII.isIdentifier) }) else {
            throw t.error(at: offset, "unsupported expression {\(expression)}")
        }
        guard var value = scope[String(first)] else { throw t.error(at: offset, "\(first) is not defined") }
        for member in path.dropFirst() { value = value.member(String(member)) ?? .null }
        return value
    }

    static func escape(_ text: String, into out: inout [UInt8]) {
        for byte in text.utf8 {
            switch byte {
            case ASCII.ampersand: out.append(contentsOf: "&amp;".utf8)
            case ASCII.lessThan: out.append(contentsOf: "&lt;".utf8)
            case ASCII.greaterThan: out.append(contentsOf: "&gt;".utf8)
            case ASCII.doubleQuote: out.append(contentsOf: "&quot;".utf8)
            default: out.append(byte)
            }
        }
    }
}

/// A component's template bytes with the scanning it needs. Line numbers are worked out only for errors.
private struct Template {
    let bytes: [UInt8]
    let component: AstroComponent

    func text(_ range: Range<Int>) -> String { String(decoding: bytes[range], as: UTF8.self) }

    func error(at offset: Int, _ message: String) -> AstroError {
        let line = component.templateLine + bytes[0..<min(offset, bytes.count)].reduce(0) { $0 + ($1 == ASCII.newline ? 1 : 0) }
        return AstroError(file: component.file, line: line, message: message)
    }

    func startsWith(_ text: StaticString, at offset: Int) -> Bool {
        let count = text.utf8CodeUnitCount
        guard offset + count <= bytes.count else { return false }
        let pattern = text.utf8Start
        for k in 0..<count where bytes[offset + k] != pattern[k] { return false }
        return true
    }

    func startsWith(_ pattern: [UInt8], at offset: Int) -> Bool {
        guard offset + pattern.count <= bytes.count else { return false }
        for k in 0..<pattern.count where bytes[offset + k] != pattern[k] { return false }
        return true
    }

    func find(_ text: StaticString, from start: Int, limit: Int) -> Int? {
        var i = start
        while i < limit {
            if startsWith(text, at: i) { return i }
            i += 1
        }
        return nil
    }

    func matchingBrace(from start: Int, limit: Int) -> Int? {
        var level = 0
        var quote: UInt8?
        var i = start
        while i < limit {
            let c = bytes[i]
            if let q = quote {
                if c == q { quote = nil }
            } else if c == ASCII.doubleQuote || c == ASCII.singleQuote || c == ASCII.backtick {
                quote = c
            } else if c == ASCII.openBrace {
                level += 1
            } else if c == ASCII.closeBrace {
                level -= 1
                if level == 0 { return i }
            }
            i += 1
        }
        return nil
    }

    /// The index of the `>` ending the tag that starts at `start`, skipping quotes and braces.
    func tagEnd(from start: Int, limit: Int) -> Int? {
        var i = start + 1
        var quote: UInt8?
        while i < limit {
            let c = bytes[i]
            if let q = quote {
                if c == q { quote = nil }
            } else if c == ASCII.doubleQuote || c == ASCII.singleQuote {
                quote = c
            } else if c == ASCII.openBrace {
                guard let close = matchingBrace(from: i, limit: limit) else { return nil }
                i = close
            } else if c == ASCII.greaterThan {
                return i
            }
            i += 1
        }
        return nil
    }

    func matchingCloseTag(name: [UInt8], from start: Int, limit: Int) -> Int? {
        let close = Array("</".utf8) + name + [ASCII.greaterThan]
        let open = [ASCII.lessThan] + name
        var level = 1
        var i = start
        while i < limit {
            if bytes[i] == ASCII.lessThan {
                if startsWith(close, at: i) {
                    level -= 1
                    if level == 0 { return i }
                    i += close.count
                    continue
                }
                let after = i + open.count
                if startsWith(open, at: i), after < limit, ASCII.endsTagName(bytes[after]), let end = tagEnd(from: i, limit: limit) {
                    if bytes[end - 1] != ASCII.slash { level += 1 }
                    i = end + 1
                    continue
                }
            }
            i += 1
        }
        return nil
    }
}

/// The ASCII bytes the template syntax is made of.
enum ASCII {
    static let newline = UInt8(ascii: "\n")
    static let openBrace = UInt8(ascii: "{")
    static let closeBrace = UInt8(ascii: "}")
    static let lessThan = UInt8(ascii: "<")
    static let greaterThan = UInt8(ascii: ">")
    static let slash = UInt8(ascii: "/")
    static let equals = UInt8(ascii: "=")
    static let ampersand = UInt8(ascii: "&")
    static let doubleQuote = UInt8(ascii: "\"")
    static let singleQuote = UInt8(ascii: "'")
    static let backtick = UInt8(ascii: "`")

    static func isUpper(_ byte: UInt8) -> Bool { byte >= 65 && byte <= 90 }
    static func isLetter(_ byte: UInt8) -> Bool { isUpper(byte) || (byte >= 97 && byte <= 122) }
    static func isIdentifier(_ byte: UInt8) -> Bool { isLetter(byte) || (byte >= 48 && byte <= 57) || byte == 95 }
    static func isSpace(_ byte: UInt8) -> Bool { byte == 32 || byte == 10 || byte == 9 || byte == 13 }
    static func endsTagName(_ byte: UInt8) -> Bool { isSpace(byte) || byte == greaterThan || byte == slash }
}
