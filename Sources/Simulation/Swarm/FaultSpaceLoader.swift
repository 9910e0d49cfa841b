import Foundation
import SimKernel

/// Reads a fault space. Every mistake names the file, line and key; each choice's effects are checked against
/// the fault-plan rules themselves (a sample rule of each is rendered and parsed), so a space can only draw
/// plans that load.
public enum FaultSpaceLoader {
    static let choiceKeys = [
        "weight", "service", "operation", "effects", "probability", "nth", "startAfter", "duration", "perSite", "table", "from",
    ]
    static let effectKeys = FaultPlanLoader.effectKeys

    public static func load(_ url: URL, displayName: String) throws(ConfigError) -> FaultSpace {
        try parse(try ConfigNode.load(url, displayName: displayName))
    }

    public static func parse(_ root: ConfigNode) throws(ConfigError) -> FaultSpace {
        let top = try root.mapping(allowed: ["description", "rules", "faults"])
        let rules = try intRange(try top.required("rules"))
        guard rules.lowerBound >= 0, rules.upperBound <= 12 else { throw try top.required("rules").error("a plan has 0 to 12 rules") }
        var choices: [FaultChoice] = []
        let nodes = try top.required("faults").sequence()
        if nodes.isEmpty && rules.upperBound > 0 { throw try top.required("faults").error("a space with rules needs at least one choice") }
        // Each choice is read on its own, so every mistake of the file is reported at once.
        var problems = ConfigCollector()
        for node in nodes {
            if let choice = problems.read({ () throws(ConfigError) in try choice(node) }) { choices.append(choice) }
        }
        try problems.finish()
        return FaultSpace(file: root.file, description: try top.string("description"), rules: rules, choices: choices)
    }

    static func choice(_ node: ConfigNode) throws(ConfigError) -> FaultChoice {
        let fields = try node.mapping(allowed: choiceKeys)
        let serviceNode = try fields.required("service")
        let serviceName = try serviceNode.string()
        guard let service = FaultTarget(rawValue: serviceName) else {
            throw serviceNode.error("unknown service \"\(serviceName)\"; known: \(FaultTarget.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let operations = try fields.strings("operation") ?? []
        if let operationNode = fields["operation"] {
            let called = FaultSpace.calledOperations[service] ?? []
            for name in operations where !called.contains(name) {
                throw operationNode.error("wsim never calls \(service.rawValue) \(name), so a fault on it would never fire; "
                    + (called.isEmpty ? "\(service.rawValue) faults name no operation" : "called: \(called.joined(separator: ", "))"))
            }
        }
        let tables = try fields.strings("table") ?? []
        let callers = try fields.optionalString("from")
        // The containers' own calls (the default caller); `from: any` also covers Hermes's.
        if service == .dynamodb, callers == nil || callers == "containers", let tableNode = fields["table"] {
            for table in tables {
                guard let called = FaultSpace.calledTableOperations[table] else {
                    throw tableNode.error("wsim's containers never call dynamodb on \(table), so a fault on it would never fire; "
                        + "tables: \(FaultSpace.calledTableOperations.keys.sorted().joined(separator: ", "))")
                }
                for name in operations where !called.contains(name) {
                    throw tableNode.error("wsim never calls dynamodb \(name) on \(table), so a rule drawing that pair would never fire; "
                        + "called on \(table): \(called.joined(separator: ", ")) (give that table a choice of its own)")
                }
            }
        }
        var effects: [FaultEffectTemplate] = []
        let effectNodes = try fields.required("effects").sequence()
        if effectNodes.isEmpty { throw try fields.required("effects").error("a choice needs at least one effect") }
        for effectNode in effectNodes { effects.append(try effect(effectNode)) }
        var weight = 1
        if let node = fields["weight"] {
            weight = try node.int()
            guard weight >= 1 else { throw node.error("weight is 1 or more, found \(weight)") }
        }
        let choice = FaultChoice(
            line: node.line, weight: weight, service: service, operations: operations, effects: effects,
            probability: try fields["probability"].map(doubleRange), nth: try fields["nth"].map(intRange),
            startAfter: try fields["startAfter"].map(durationRange), duration: try fields["duration"].map(durationRange),
            perSite: try fields.optionalBool("perSite") ?? false, tables: tables,
            callers: callers)
        if let range = choice.probability, range.lowerBound < 0 || range.upperBound > 1 {
            throw try fields.required("probability").error("probabilities are between 0 and 1")
        }
        // Each effect, rendered as a plan rule with the range's low ends, must be a rule fault plans accept.
        for effect in effects {
            for rule in FaultPlanText.samples(choice, effect) {
                do {
                    _ = try FaultPlanLoader.parse(try ConfigNode.parse(FaultPlanText.plan([rule]), file: node.file), name: "sample")
                } catch {
                    throw node.error("this choice cannot be drawn: \(error.problem)")
                }
            }
        }
        return choice
    }

    static func effect(_ node: ConfigNode) throws(ConfigError) -> FaultEffectTemplate {
        let fields = try node.mapping(allowed: effectKeys)
        let (key, value) = try fields.exactlyOne(of: effectKeys, what: "effect")
        switch FaultPlanLoader.Effect(rawValue: key)! {  // exactlyOne returns one of `effectKeys`
        case .error:
            let error = try value.mapping(allowed: ["code", "statusCode", "message"])
            if error["code"] == nil { return .gitError(message: try error.string("message")) }
            return .error(code: try error.string("code"), statusCode: try error.int("statusCode"), message: try error.optionalString("message"))
        case .latency: return .latency(try durationRange(value))
        case .failEntries:
            let entries = try value.mapping(allowed: ["fraction", "error"])
            let error = try entries.required("error").mapping(allowed: ["code", "statusCode"])
            return .failEntries(fraction: try doubleRange(try entries.required("fraction")), code: try error.string("code"),
                                statusCode: try error.int("statusCode"))
        case .removeCredentials: return .removeCredentials
        case .corrupt:
            let corrupt = try value.mapping(allowed: ["state", "duringStep"])
            var states: [GitCorruption] = []
            for name in try corrupt.strings("state") ?? [] {
                guard let state = GitCorruption(rawValue: name) else {
                    throw try corrupt.required("state").error("unknown git state \"\(name)\"; known: \(GitCorruption.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                states.append(state)
            }
            if states.isEmpty { throw value.error("corrupt needs at least one state") }
            return .corrupt(states: states, duringSteps: try steps(corrupt, "duringStep"))
        case .remoteURL: return .remoteURL(try value.string())
        case .fail: return .fail(try value.string())
        case .slow: return .slow(try doubleRange(value))
        case .stopHalfway: return .stopHalfway
        case .crash:
            let crash = try value.mapping(allowed: ["duringStep"])
            return .crash(duringSteps: try steps(crash, "duringStep"))
        case .startDelay: return .startDelay(try durationRange(value))
        }
    }

    static func steps(_ fields: ConfigMapping, _ key: String) throws(ConfigError) -> [FaultStep] {
        var steps: [FaultStep] = []
        for name in try fields.strings(key) ?? [] {
            guard let step = FaultStep(rawValue: name) else {
                throw try fields.required(key).error("unknown step \"\(name)\"; known: \(FaultStep.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            steps.append(step)
        }
        return steps
    }

    // MARK: Ranges: `a..b`, or one value

    static func parts(_ node: ConfigNode) throws(ConfigError) -> (String, String) {
        let text = try node.string()
        guard let range = text.range(of: "..") else { return (text, text) }
        return (String(text[..<range.lowerBound]).trimmingCharacters(in: .whitespaces),
                String(text[range.upperBound...]).trimmingCharacters(in: .whitespaces))
    }

    static func intRange(_ node: ConfigNode) throws(ConfigError) -> ClosedRange<Int> {
        let (low, high) = try parts(node)
        guard let a = Int(low), let b = Int(high), a <= b else { throw node.error("expected a whole number or a range such as 1..3") }
        return a...b
    }

    static func doubleRange(_ node: ConfigNode) throws(ConfigError) -> ClosedRange<Double> {
        let (low, high) = try parts(node)
        guard let a = Double(low), let b = Double(high), a <= b else { throw node.error("expected a number or a range such as 0.1..0.5") }
        return a...b
    }

    static func durationRange(_ node: ConfigNode) throws(ConfigError) -> ClosedRange<Duration> {
        let (low, high) = try parts(node)
        guard let a = ConfigNode.parseDuration(low), let b = ConfigNode.parseDuration(high), a <= b else {
            throw node.error("expected a duration or a range such as 30s..5m")
        }
        return a...b
    }
}
