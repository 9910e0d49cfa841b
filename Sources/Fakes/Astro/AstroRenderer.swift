import Foundation
import SimKernel

/// Renders `.astro` templates: `{expressions}` (escaped), tags with `attr={expression}`, components imported
/// in the frontmatter with props and children, and `<slot />` where a component puts its children.
final class AstroRenderer {
    private let root: URL
    private var components: [String: AstroComponent] = [:]
    private var depth = 0

    init(root: URL) {
        self.root = root
    }

    func renderPage(_ file: String) throws -> String {
        let component = try load(file)
        return try render(component, props: [:], children: "")
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

    private func render(_ component: AstroComponent, props: [String: AstroValue], children: String) throws -> String {
        depth += 1
        defer { depth -= 1 }
        guard depth < 32 else { throw AstroError(file: component.file, line: 1, message: "components nest too deeply (a component includes itself?)") }
        var scope = component.constants
        scope["Astro"] = .object(["props": .object(props)])
        for name in component.propNames { scope[name] = props[name] ?? .null }
        return try renderTemplate(Array(component.template), in: component, scope: scope, children: children)
    }

    private func renderTemplate(_ chars: [Character], in component: AstroComponent, scope: [String: AstroValue], children: String) throws -> String {
        var out = ""
        out.reserveCapacity(chars.count)
        var i = 0
        func line(_ offset: Int) -> Int { component.templateLine + chars[0..<min(offset, chars.count)].filter { $0 == "\n" }.count }
        while i < chars.count {
            let c = chars[i]
            if c == "{" {
                guard let close = matchingBrace(chars, from: i) else {
                    throw AstroError(file: component.file, line: line(i), message: "unclosed {")
                }
                let expression = String(chars[(i + 1)..<close]).trimmingCharacters(in: .whitespacesAndNewlines)
                if !(expression.hasPrefix("/*") && expression.hasSuffix("*/")) {
                    out += escape(try evaluate(expression, scope: scope, component: component, line: line(i)).text)
                }
                i = close + 1
                continue
            }
            if c == "<", i + 1 < chars.count {
                let next = chars[i + 1]
                if startsWith(chars, i, "<slot") {
                    guard let end = tagEnd(chars, from: i) else { throw AstroError(file: component.file, line: line(i), message: "unclosed <slot>") }
                    out += children
                    i = end + 1
                    if chars[end - 1] != "/", let close = find(chars, "</slot>", from: i) { i = close + 7 }
                    continue
                }
                if next.isUppercase {
                    i = try renderComponentTag(chars, at: i, in: component, scope: scope, into: &out, line: line(i))
                    continue
                }
                if next.isLetter {
                    guard let end = tagEnd(chars, from: i) else { throw AstroError(file: component.file, line: line(i), message: "unclosed <tag") }
                    out += try renderTag(Array(chars[i...end]), in: component, scope: scope, line: line(i))
                    i = end + 1
                    continue
                }
            }
            out.append(c)
            i += 1
        }
        return out
    }

    private func renderComponentTag(
        _ chars: [Character], at start: Int, in component: AstroComponent, scope: [String: AstroValue], into out: inout String, line: Int
    ) throws -> Int {
        guard let end = tagEnd(chars, from: start) else { throw AstroError(file: component.file, line: line, message: "unclosed component tag") }
        let tag = Array(chars[(start + 1)..<end])
        let selfClosing = tag.last == "/"
        let name = String(tag.prefix { $0.isLetter || $0.isNumber || $0 == "_" })
        guard let path = component.components[name] else {
            throw AstroError(file: component.file, line: line, message: "\(name) is not defined")
        }
        let props = try attributes(Array(tag.dropFirst(name.count).dropLast(selfClosing ? 1 : 0)), component: component, scope: scope, line: line)
        var next = end + 1
        var childHTML = ""
        if !selfClosing {
            guard let close = matchingCloseTag(chars, name: name, from: next) else {
                throw AstroError(file: component.file, line: line, message: "<\(name)> is not closed")
            }
            childHTML = try renderTemplate(Array(chars[next..<close]), in: component, scope: scope, children: "")
            next = close + name.count + 3
        }
        out += try render(try load(path), props: props, children: childHTML)
        return next
    }

    /// An HTML tag with `attr={expression}` values evaluated and quoted.
    private func renderTag(_ tag: [Character], in component: AstroComponent, scope: [String: AstroValue], line: Int) throws -> String {
        guard tag.contains("{") else { return String(tag) }
        var out = ""
        var i = 0
        var quote: Character?
        while i < tag.count {
            let c = tag[i]
            if let q = quote {
                out.append(c)
                if c == q { quote = nil }
            } else if c == "\"" || c == "'" {
                quote = c
                out.append(c)
            } else if c == "{", let close = matchingBrace(tag, from: i) {
                let value = try evaluate(String(tag[(i + 1)..<close]).trimmingCharacters(in: .whitespaces), scope: scope, component: component, line: line)
                out += "\"" + escape(value.text) + "\""
                i = close
            } else {
                out.append(c)
            }
            i += 1
        }
        return out
    }

    private func attributes(_ chars: [Character], component: AstroComponent, scope: [String: AstroValue], line: Int) throws -> [String: AstroValue] {
        var props: [String: AstroValue] = [:]
        var i = 0
        while i < chars.count {
            while i < chars.count, chars[i].isWhitespace { i += 1 }
            let nameStart = i
            while i < chars.count, !chars[i].isWhitespace, chars[i] != "=" { i += 1 }
            let name = String(chars[nameStart..<i])
            guard !name.isEmpty else { break }
            guard i < chars.count, chars[i] == "=" else {
                props[name] = .bool(true)
                continue
            }
            i += 1
            guard i < chars.count else { break }
            if chars[i] == "{", let close = matchingBrace(chars, from: i) {
                props[name] = try evaluate(String(chars[(i + 1)..<close]).trimmingCharacters(in: .whitespaces), scope: scope, component: component, line: line)
                i = close + 1
            } else if chars[i] == "\"" || chars[i] == "'" {
                let quote = chars[i]
                let valueStart = i + 1
                i = valueStart
                while i < chars.count, chars[i] != quote { i += 1 }
                props[name] = .string(String(chars[valueStart..<min(i, chars.count)]))
                i += 1
            } else {
                throw AstroError(file: component.file, line: line, message: "unquoted attribute value for \(name)")
            }
        }
        return props
    }

    /// `name`, `name.member.member` or a string literal.
    private func evaluate(_ expression: String, scope: [String: AstroValue], component: AstroComponent, line: Int) throws -> AstroValue {
        if let literal = AstroComponent.literal(expression) { return .string(literal) }
        if Double(expression) != nil { return .number(expression) }
        let path = expression.split(separator: ".").map(String.init)
        guard let first = path.first, path.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" } }) else {
            throw AstroError(file: component.file, line: line, message: "unsupported expression {\(expression)}")
        }
        guard var value = scope[first] else {
            throw AstroError(file: component.file, line: line, message: "\(first) is not defined")
        }
        for member in path.dropFirst() { value = value.member(member) ?? .null }
        return value
    }

    private func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.count)
        for c in text {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(c)
            }
        }
        return out
    }

    // MARK: Scanning

    private func matchingBrace(_ chars: [Character], from start: Int) -> Int? {
        var level = 0
        var quote: Character?
        var i = start
        while i < chars.count {
            let c = chars[i]
            if let q = quote {
                if c == q { quote = nil }
            } else if c == "\"" || c == "'" || c == "`" {
                quote = c
            } else if c == "{" {
                level += 1
            } else if c == "}" {
                level -= 1
                if level == 0 { return i }
            }
            i += 1
        }
        return nil
    }

    /// The index of the `>` ending the tag that starts at `start`, skipping quotes and braces.
    private func tagEnd(_ chars: [Character], from start: Int) -> Int? {
        var i = start + 1
        var quote: Character?
        while i < chars.count {
            let c = chars[i]
            if let q = quote {
                if c == q { quote = nil }
            } else if c == "\"" || c == "'" {
                quote = c
            } else if c == "{" {
                guard let close = matchingBrace(chars, from: i) else { return nil }
                i = close
            } else if c == ">" {
                return i
            }
            i += 1
        }
        return nil
    }

    private func matchingCloseTag(_ chars: [Character], name: String, from start: Int) -> Int? {
        var level = 1
        var i = start
        while i < chars.count {
            if startsWith(chars, i, "</\(name)>") {
                level -= 1
                if level == 0 { return i }
                i += name.count + 3
                continue
            }
            if startsWith(chars, i, "<\(name)"), i + name.count + 1 < chars.count,
                [" ", ">", "/", "\n", "\t"].contains(chars[i + name.count + 1]), let end = tagEnd(chars, from: i)
            {
                if chars[end - 1] != "/" { level += 1 }
                i = end + 1
                continue
            }
            i += 1
        }
        return nil
    }

    private func startsWith(_ chars: [Character], _ at: Int, _ text: String) -> Bool {
        let pattern = Array(text)
        return at + pattern.count <= chars.count && Array(chars[at..<(at + pattern.count)]) == pattern
    }

    private func find(_ chars: [Character], _ text: String, from start: Int) -> Int? {
        var i = start
        while i < chars.count {
            if startsWith(chars, i, text) { return i }
            i += 1
        }
        return nil
    }
}
