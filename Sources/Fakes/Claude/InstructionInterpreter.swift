import Foundation

/// Turns an instruction into the edit a reader would expect on the starter site: every instruction of the
/// three seeds, and a fallback that records anything else on the home page.
struct InstructionInterpreter {
    let year: Int

    static let index = "src/pages/index.astro"
    static let footer = "src/components/Footer.astro"
    static let contact = "src/pages/contact.astro"
    static let config = "src/config.json"
    static let header = "src/components/Header.astro"

    /// Stages the edits on `files` and returns a summary of what was done.
    func apply(_ instruction: String, to files: inout SiteFiles) -> String {
        let text = instruction.trimmingCharacters(in: .whitespacesAndNewlines)
        let lower = text.lowercased()
        let quoted = Self.firstQuoted(in: text)
        if lower.contains("welcome"), lower.contains("color") || lower.contains("colour"), let color = Self.color(in: lower) {
            setWelcomeColor(color, &files)
            return "Changed the welcome message color to \(color)"
        }
        if lower.contains("welcome message") {
            addWelcomeMessage(&files)
            return "Added a welcome message to the homepage"
        }
        if lower.contains("footer"), lower.contains("year") {
            updateFooterYear(&files)
            return "Updated the footer copyright year to \(year)"
        }
        if lower.contains("contact form") {
            fixContactForm(&files)
            return "Fixed the contact form: it now posts its fields to /api/contact and requires an email"
        }
        if lower.contains("header.astro") {
            if lower.contains("create") || files.read(Self.header) == nil {
                createHeaderComponent(&files)
                return "Created src/components/Header.astro and used it on the homepage"
            }
            updateHeaderComponent(&files)
            return "Updated Header.astro with new content"
        }
        if lower.contains("header"), let quoted {
            addHeader(quoted, &files)
            return "Added a header with the text \"\(quoted)\""
        }
        if lower.contains("title"), let quoted {
            setTitle(quoted, &files)
            return "Updated the page title to \"\(quoted)\""
        }
        if lower.contains("page"), lower.contains("new page") || lower.contains("create a page") || lower.contains("called") {
            let name = quoted ?? "New Page"
            createPage(name, &files)
            return "Created the page \"\(name)\""
        }
        if lower.contains("to config") || lower.contains("to the config"), let value = Self.configValue(in: text) {
            addConfigValue(value, name: Self.configKeyName(in: lower), &files)
            return "Added \(value) to the site config"
        }
        if lower.contains("timestamp"), let value = Self.word(after: "to", in: text) {
            setTimestamp(value, &files)
            return "Updated the timestamp to \(value)"
        }
        if lower.hasPrefix("create site for client"), let client = Self.word(after: "client", in: text) {
            createClientSite(client, &files)
            return "Created the site for client \(client)"
        }
        if let user = Self.userMakingChanges(lower) {
            appendToHome("    <p class=\"user-change\">User \(user) making changes</p>\n", &files)
            return "Recorded the changes of user \(user) on the homepage"
        }
        recordInstruction(text, &files)
        return "Recorded the instruction on the homepage"
    }

    // MARK: Edits

    private func addWelcomeMessage(_ files: inout SiteFiles) {
        guard let page = files.read(Self.index), !page.contains("class=\"welcome\"") else { return }
        files.write(Self.index, page.inserting("    <p class=\"welcome\">Welcome to {config.siteName}! We are glad you are here.</p>\n", before: "  </main>"))
    }

    private func setWelcomeColor(_ color: String, _ files: inout SiteFiles) {
        addWelcomeMessage(&files)
        guard var page = files.read(Self.index), let start = page.range(of: "<p class=\"welcome\"") else { return }
        let tagEnd = page[start.upperBound...].firstIndex(of: ">")!
        page.replaceSubrange(start.lowerBound..<tagEnd, with: "<p class=\"welcome\" style=\"color: \(color)\"")
        files.write(Self.index, page)
    }

    private func updateFooterYear(_ files: inout SiteFiles) {
        guard let footer = files.read(Self.footer) else { return }
        let pattern = try! NSRegularExpression(pattern: "&copy; [0-9]{4}")
        let range = NSRange(footer.startIndex..., in: footer)
        files.write(Self.footer, pattern.stringByReplacingMatches(in: footer, range: range, withTemplate: "&copy; \(year)"))
    }

    private func fixContactForm(_ files: inout SiteFiles) {
        guard var page = files.read(Self.contact) else { return }
        page = page.replacingOccurrences(of: "<form class=\"contact-form\">", with: "<form class=\"contact-form\" action=\"/api/contact\" method=\"post\">")
        page = page.replacingOccurrences(of: "<label>Email <input /></label>", with: "<label>Email <input type=\"email\" name=\"email\" required /></label>")
        page = page.replacingOccurrences(of: "<button>Send</button>", with: "<button type=\"submit\">Send</button>")
        files.write(Self.contact, page)
    }

    private func addHeader(_ text: String, _ files: inout SiteFiles) {
        guard var page = files.read(Self.index) else { return }
        let header = "<header class=\"page-header\"><h2>\(text.htmlEscaped)</h2></header>"
        if let start = page.range(of: "<header class=\"page-header\">"), let end = page.range(of: "</header>", range: start.upperBound..<page.endIndex) {
            page.replaceSubrange(start.lowerBound..<end.upperBound, with: header)
        } else if let main = page.range(of: "  <main") {
            page.insert(contentsOf: "  \(header)\n", at: main.lowerBound)
        }
        files.write(Self.index, page)
    }

    private func setTitle(_ title: String, _ files: inout SiteFiles) {
        guard let page = files.read(Self.index) else { return }
        let escaped = title.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        let lines = page.components(separatedBy: "\n").map { $0.hasPrefix("const title = ") ? "const title = \"\(escaped)\";" : $0 }
        files.write(Self.index, lines.joined(separator: "\n"))
    }

    private func createPage(_ name: String, _ files: inout SiteFiles) {
        let slug = Self.slug(name)
        files.write("src/pages/\(slug).astro", """
            ---
            import BaseLayout from '../layouts/BaseLayout.astro';
            const title = "\(name.replacingOccurrences(of: "\"", with: "'"))";
            ---
            <BaseLayout title={title}>
              <main class="page">
                <h1>{title}</h1>
                <p>This is the \(name.htmlEscaped) page.</p>
              </main>
            </BaseLayout>

            """)
        guard let layout = files.read("src/layouts/BaseLayout.astro"), !layout.contains("href=\"/\(slug)/\"") else { return }
        files.write("src/layouts/BaseLayout.astro", layout.inserting("  <a href=\"/\(slug)/\">\(name.htmlEscaped)</a>\n    ", before: "</nav>"))
    }

    private func createHeaderComponent(_ files: inout SiteFiles) {
        files.write(Self.header, """
            ---
            import config from '../config.json';
            ---
            <header class="site-header">
              <p class="site-name">{config.siteName}</p>
            </header>

            """)
        guard var page = files.read(Self.index), !page.contains("import Header from") else { return }
        page = page.replacingOccurrences(of: "import BaseLayout from '../layouts/BaseLayout.astro';",
                                         with: "import BaseLayout from '../layouts/BaseLayout.astro';\nimport Header from '../components/Header.astro';")
        if let main = page.range(of: "  <main") { page.insert(contentsOf: "  <Header />\n", at: main.lowerBound) }
        files.write(Self.index, page)
    }

    private func updateHeaderComponent(_ files: inout SiteFiles) {
        guard let header = files.read(Self.header) else { return }
        files.write(Self.header, header.inserting("  <p class=\"header-note\">Fresh content for the header</p>\n", before: "</header>"))
    }

    private func addConfigValue(_ value: String, name: String, _ files: inout SiteFiles) {
        guard let text = files.read(Self.config), let json = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else {
            return
        }
        var config = json
        config[name] = value
        if let data = try? JSONSerialization.data(withJSONObject: config, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]) {
            files.write(Self.config, String(decoding: data, as: UTF8.self) + "\n")
        }
        guard let page = files.read(Self.index), !page.contains("{config.\(name)}") else { return }
        files.write(Self.index, page.inserting("    <p class=\"config-\(name)\">{config.\(name)}</p>\n", before: "  </main>"))
    }

    private func setTimestamp(_ value: String, _ files: inout SiteFiles) {
        guard var page = files.read(Self.index) else { return }
        let line = "    <p class=\"updated\">Updated \(value.htmlEscaped)</p>\n"
        if let start = page.range(of: "    <p class=\"updated\">"), let end = page.range(of: "</p>\n", range: start.upperBound..<page.endIndex) {
            page.replaceSubrange(start.lowerBound..<end.upperBound, with: line)
        } else {
            page = page.inserting(line, before: "  </main>")
        }
        files.write(Self.index, page)
    }

    private func createClientSite(_ client: String, _ files: inout SiteFiles) {
        if let text = files.read(Self.config), let json = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] {
            var config = json
            config["siteName"] = "Client \(client) Site"
            config["tagline"] = "The site of client \(client)"
            if let data = try? JSONSerialization.data(withJSONObject: config, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]) {
                files.write(Self.config, String(decoding: data, as: UTF8.self) + "\n")
            }
        }
        appendToHome("    <section class=\"services\"><h2>Services</h2><p>Everything client \(client.htmlEscaped) offers.</p></section>\n", &files)
    }

    private func appendToHome(_ html: String, _ files: inout SiteFiles) {
        guard let page = files.read(Self.index) else { return }
        files.write(Self.index, page.inserting(html, before: "  </main>"))
    }

    private func recordInstruction(_ instruction: String, _ files: inout SiteFiles) {
        guard var page = files.read(Self.index) else { return }
        let item = "      <li>\(instruction.htmlEscaped)</li>\n"
        if page.contains("<ul class=\"instructions\">") {
            page = page.inserting(item, before: "    </ul>")
        } else {
            page = page.inserting("    <ul class=\"instructions\">\n\(item)    </ul>\n", before: "  </main>")
        }
        files.write(Self.index, page)
    }

    // MARK: Reading the instruction

    static func firstQuoted(in text: String) -> String? {
        for (open, close) in [("\"", "\""), ("“", "”"), ("'", "'")] {
            if let start = text.range(of: open), let end = text.range(of: close, range: start.upperBound..<text.endIndex) {
                let value = String(text[start.upperBound..<end.lowerBound])
                if !value.isEmpty { return value }
            }
        }
        return nil
    }

    static let colors = ["blue", "red", "green", "purple", "orange", "black", "white", "teal", "pink", "yellow", "gray", "grey", "navy", "brown"]

    static func color(in lower: String) -> String? {
        let words = lower.split { !$0.isLetter }.map(String.init)
        return words.last { colors.contains($0) }
    }

    /// `Add secret key ABC123 to config` → ABC123: the word before "to config" (or the first quoted text).
    static func configValue(in text: String) -> String? {
        if let quoted = firstQuoted(in: text) { return quoted }
        let words = text.split(separator: " ").map(String.init)
        guard let to = words.lastIndex(where: { $0.lowercased() == "to" }), to > 0 else { return nil }
        return words[to - 1]
    }

    /// `secret key` → secretKey, `different key` → differentKey, otherwise `key`.
    static func configKeyName(in lower: String) -> String {
        let words = lower.split { !$0.isLetter }.map(String.init)
        guard let key = words.firstIndex(of: "key"), key > 0, !["a", "the", "add", "new"].contains(words[key - 1]) else { return "key" }
        return words[key - 1] + "Key"
    }

    static func word(after marker: String, in text: String) -> String? {
        let words = text.split(separator: " ").map(String.init)
        guard let index = words.lastIndex(where: { $0.lowercased() == marker }), index + 1 < words.count else { return nil }
        return words[index + 1].trimmingCharacters(in: CharacterSet(charactersIn: ".,;:!\"'"))
    }

    static func userMakingChanges(_ lower: String) -> String? {
        let words = lower.split(separator: " ").map(String.init)
        guard words.count >= 4, words[0] == "user", words[2] == "making", words[3].hasPrefix("change") else { return nil }
        return words[1]
    }

    static func slug(_ name: String) -> String {
        let lowered = name.lowercased().map { $0.isLetter || $0.isNumber ? $0 : "-" }
        let collapsed = String(lowered).split(separator: "-").joined(separator: "-")
        return collapsed.isEmpty ? "page" : collapsed
    }
}
