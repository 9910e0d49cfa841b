import Foundation
import Testing

/// The README's generated blocks (`make readme`) are what the current build prints: every `wsim` and
/// `report` block is run again and compared, wall times aside. When this fails, run `make readme`.
@Suite("README blocks match the build")
struct ReadmeTests {
    struct Block {
        var command: String
        var text: String
    }

    static func blocks(in readme: String) -> [Block] {
        var blocks: [Block] = []
        let lines = readme.components(separatedBy: "\n")
        var index = 0
        while index < lines.count {
            let line = lines[index]
            index += 1
            guard line.hasPrefix("<!-- make readme: "), line.hasSuffix(" -->") else { continue }
            let command = String(line.dropFirst("<!-- make readme: ".count).dropLast(" -->".count))
            var body: [String] = []
            index += 1  // the opening fence
            while index < lines.count, lines[index] != "```" {
                body.append(lines[index])
                index += 1
            }
            blocks.append(Block(command: command, text: body.joined(separator: "\n")))
        }
        return blocks
    }

    static func normalized(_ text: String) -> String {
        text.replacingOccurrences(of: #"wall=[0-9]+ms"#, with: "wall=…ms", options: .regularExpression)
            .replacingOccurrences(of: #"in [0-9.]+ s \([0-9]+ runs/min\)"#, with: "in … s (… runs/min)", options: .regularExpression)
            .trimmingCharacters(in: .newlines)
    }

    /// `wsim ARGS` as the README script runs it: from the project folder, the default output folder.
    static func output(of command: String) throws -> String {
        #expect(command.hasPrefix("wsim "))
        let result = try WSimProcess.shell("'\(WSimProcess.binary.path)'" + command.dropFirst("wsim".count))
        #expect([0, 1].contains(result.status), "\(command): \(result.error)")
        return result.output
    }

    static func section(_ title: String, of report: String) -> String {
        guard let start = report.range(of: "### \(title)\n") else { return "" }
        let rest = report[start.upperBound...]
        let end = rest.range(of: "\n### ")?.lowerBound ?? rest.endIndex
        return "### \(title)\n" + rest[..<end]
    }

    /// Each marker line is followed by one fenced block and its own end line before the next marker: a marker
    /// without its end once let `make readme` replace half of the README.
    @Test func everyGeneratedBlockEndsBeforeTheNextBegins() throws {
        let readme = try String(contentsOf: WSimProcess.projectRoot.appendingPathComponent("README.md"), encoding: .utf8)
        let lines = readme.components(separatedBy: "\n")
        var open: (line: Int, command: String)?
        var fences = 0
        for (number, line) in lines.enumerated() {
            if line.hasPrefix("<!-- make readme: ") {
                #expect(open == nil, "README.md:\(number + 1): a block begins before the block of line \(open?.line ?? 0) ends")
                open = (number + 1, line)
                fences = 0
            } else if line == "<!-- end of generated block -->" {
                #expect(open != nil, "README.md:\(number + 1): an end line without a block")
                #expect(fences == 2, "README.md:\(open?.line ?? 0): a block is one fenced block")
                open = nil
            } else if open != nil, line.hasPrefix("```") {
                fences += 1
            }
        }
        #expect(open == nil, "README.md:\(open?.line ?? 0): a block never ends")
    }

    @Test func everyGeneratedBlockIsWhatTheBuildPrints() throws {
        let readme = try String(contentsOf: WSimProcess.projectRoot.appendingPathComponent("README.md"), encoding: .utf8)
        let blocks = Self.blocks(in: readme)
        #expect(blocks.filter { $0.command.hasPrefix("wsim ") }.count >= 2, "the README shows runs")
        var outputs: [String: String] = [:]
        for block in blocks {
            if block.command.hasPrefix("wsim ") {
                let output = try outputs[block.command] ?? Self.output(of: block.command)
                outputs[block.command] = output
                #expect(Self.normalized(block.text) == Self.normalized(output), "README block `\(block.command)` is stale: run make readme")
            } else if block.command.hasPrefix("report ") {
                let spec = block.command.dropFirst("report ".count)
                let parts = spec.components(separatedBy: ": ")
                let command = parts.dropFirst().joined(separator: ": ")
                let output = try outputs[command] ?? Self.output(of: command)
                outputs[command] = output
                let path = try #require(output.range(of: #"(Report|Summary): \S+"#, options: .regularExpression).map {
                    output[$0].drop { $0 != " " }.dropFirst()
                })
                let report = try String(contentsOf: WSimProcess.projectRoot.appendingPathComponent(String(path)), encoding: .utf8)
                #expect(Self.normalized(block.text) == Self.normalized(Self.section(parts[0], of: report)),
                        "README block `\(block.command)` is stale: run make readme")
            }
        }
    }
}
