import AWSPorts
import AWSSim
import Foundation

/// Reads fault plans (`Simulator/faults/*.yaml`). Every mistake is an error naming the file, line and key:
/// unknown keys, unknown services or operations, effects a target cannot have, probabilities outside 0...1.
public enum FaultPlanLoader {
    static let ruleKeys = [
        "service", "operation", "site", "table", "from", "startAfter", "duration", "nth", "probability",
        "error", "latency", "failEntries", "removeCredentials", "corrupt", "remoteURL", "fail", "slow", "stopHalfway", "crash", "startDelay",
    ]
    /// The effects a rule may have (exactly one a rule); the parser switches over every case.
    enum Effect: String, CaseIterable {
        case error, latency, failEntries, removeCredentials, corrupt, remoteURL, fail, slow, stopHalfway, crash, startDelay
    }
    static let effectKeys = Effect.allCases.map(\.rawValue)

    public static func load(_ url: URL, displayName: String) throws(ConfigError) -> FaultPlan {
        try parse(try ConfigNode.load(url, displayName: displayName), name: url.deletingPathExtension().lastPathComponent)
    }

    public static func parse(_ root: ConfigNode, name: String) throws(ConfigError) -> FaultPlan {
        // Each part is read on its own, so every mistake of the file is reported at once.
        var problems = ConfigCollector()
        let top = try root.mapping(allowed: ["description", "faults"])
        let description = problems.read { () throws(ConfigError) in try top.string("description") } ?? ""
        var rules: [FaultRule] = []
        let nodes = problems.read { () throws(ConfigError) in try top.required("faults").sequence() } ?? []
        if nodes.isEmpty, let faults = top["faults"] { problems.note(faults.error("a fault plan needs at least one fault")) }
        for (index, node) in nodes.enumerated() {
            if let rule = problems.read({ () throws(ConfigError) in try rule(node, plan: name, index: index) }) { rules.append(rule) }
        }
        try problems.finish()
        return FaultPlan(name: name, file: root.file, description: description, rules: rules)
    }

    static func rule(_ node: ConfigNode, plan: String, index: Int) throws(ConfigError) -> FaultRule {
        let fields = try node.mapping(allowed: ruleKeys)
        let serviceNode = try fields.required("service")
        let serviceName = try serviceNode.string()
        guard let target = FaultTarget(rawValue: serviceName.lowercased()) else {
            throw serviceNode.error("unknown service \"\(serviceName)\"; known: \(FaultTarget.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        var operations: [String]?
        if let operationNode = fields["operation"] {
            let names = try fields.strings("operation") ?? []
            if names != ["*"] {
                let known = target.operations
                if known.isEmpty { throw operationNode.error("\(target.rawValue) faults have no operations; leave operation out") }
                for name in names where !known.contains(name) {
                    var problem = "unknown \(target.rawValue) operation \"\(name)\""
                    if let near = ConfigNode.closest(to: name, in: known) { problem += " (did you mean \(near)?)" }
                    throw operationNode.error(problem + "; known: \(known.joined(separator: ", "))")
                }
                operations = names
            }
        }
        let (effectKey, effectNode) = try fields.exactlyOne(of: effectKeys, what: "effect")
        let effect = try self.effect(Effect(rawValue: effectKey)!, effectNode, target: target, operations: operations)
        var callers = FaultCallers.containers
        if let fromNode = fields["from"] {
            let text = try fromNode.string()
            guard let parsed = FaultCallers(rawValue: text) else {
                throw fromNode.error("unknown caller scope \"\(text)\"; known: \(FaultCallers.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            guard target.awsService != nil else { throw fromNode.error("from applies to AWS services only") }
            callers = parsed
        }
        var probability: Double?
        if let node = fields["probability"] {
            let value = try node.double()
            guard (0...1).contains(value) else { throw node.error("probability must be between 0 and 1, found \(value)") }
            probability = value
        }
        var nth: Int?
        if let node = fields["nth"] {
            let value = try node.int()
            guard value >= 1 else { throw node.error("nth counts matching calls from 1, found \(value)") }
            nth = value
        }
        if let tableNode = fields["table"], target != .dynamodb {
            throw tableNode.error("table applies to dynamodb faults, not to \(target.rawValue)")
        }
        if let siteNode = fields["site"], ![.sqs, .s3, .git, .claude, .build, .container].contains(target) {
            throw siteNode.error("site applies to sqs, s3, git, claude, build and container faults, not to \(target.rawValue)")
        }
        if effect.isOneShot {
            // A one-shot effect waiting for a step may say which occurrence of it (nth) and until when (duration).
            let inapplicable = effect.duringStep == nil ? ["operation", "nth", "probability", "duration"] : ["operation", "probability"]
            for key in inapplicable where fields[key] != nil {
                throw try fields.required(key).error("\(effectKey) happens once, at startAfter; \(key) does not apply")
            }
        }
        return FaultRule(
            plan: plan, file: node.file, line: node.line, index: index, target: target, operations: operations,
            site: try fields.optionalString("site"), table: try fields.optionalString("table"), callers: callers, startAfter: try fields.optionalDuration("startAfter") ?? .zero,
            duration: try fields.optionalDuration("duration"), nth: nth, probability: probability, effect: effect)
    }

    static func effect(_ key: Effect, _ node: ConfigNode, target: FaultTarget, operations: [String]?) throws(ConfigError) -> FaultEffect {
        func require(_ allowed: Bool, _ what: String) throws(ConfigError) {
            if !allowed { throw node.error("\(key.rawValue) applies to \(what), not to \(target.rawValue)") }
        }
        switch key {
        case .error:
            if target == .git {
                let fields = try node.mapping(allowed: ["message"])
                return .gitError(try fields.string("message"))
            }
            try require(target.awsService != nil || target == .hermes, "AWS services (sqs, s3, dynamodb, logs, ecs), hermes and git")
            return .error(try awsError(node))
        case .latency:
            try require(target.awsService != nil, "AWS services")
            return .latency(try node.duration())
        case .failEntries:
            try require(target.awsService != nil, "AWS batch operations")
            let fields = try node.mapping(allowed: ["fraction", "error"])
            let fractionNode = try fields.required("fraction")
            let fraction = try fractionNode.double()
            guard fraction > 0 && fraction <= 1 else { throw fractionNode.error("fraction must be above 0 and at most 1, found \(fraction)") }
            if let operations, let single = operations.first(where: { !ServiceOperations.batch.contains($0) }) {
                throw node.error("failEntries needs a batch operation; \(single) is not one (batch operations: \(ServiceOperations.batch.sorted().joined(separator: ", ")))")
            }
            return .failEntries(fraction: fraction, error: try awsError(try fields.required("error")))
        case .removeCredentials:
            try require(target.awsService != nil, "AWS services")
            guard try node.bool() else { throw node.error("removeCredentials: false does nothing; leave the fault out") }
            return .removeCredentials
        case .corrupt:
            // `corrupt: detachedHead`, or `corrupt: {state: detachedHead, duringStep: claude}`.
            try require(target == .git, "git")
            var stateNode = node
            var step: FaultStep?
            if (try? node.string()) == nil {
                let fields = try node.mapping(allowed: ["state", "duringStep"])
                stateNode = try fields.required("state")
                step = try duringStep(fields["duringStep"])
            }
            let text = try stateNode.string()
            guard let state = GitCorruption(rawValue: text) else {
                throw stateNode.error("unknown git state \"\(text)\"; known: \(GitCorruption.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            return .corrupt(state, duringStep: step)
        case .remoteURL:
            try require(target == .git, "git")
            return .remoteURL(try node.string())
        case .fail:
            try require(target == .claude || target == .build, "claude and build")
            return .toolFail(try node.string())
        case .slow:
            try require(target == .claude || target == .build, "claude and build")
            let factor = try node.double()
            guard factor >= 1 else { throw node.error("slow is a factor of 1 or more, found \(factor)") }
            return .toolSlow(factor)
        case .stopHalfway:
            try require(target == .claude || target == .build, "claude and build")
            guard try node.bool() else { throw node.error("stopHalfway: false does nothing; leave the fault out") }
            return .toolStopHalfway
        case .startDelay:
            try require(target == .ecs, "ecs")
            if operations != nil { throw node.error("startDelay applies to every task start; leave operation out") }
            return .startDelay(try node.duration())
        case .crash:
            try require(target == .container, "container")
            let fields = try node.mapping(allowed: ["exitCode", "duringCommand", "duringStep"])
            let step = try duringStep(fields["duringStep"])
            let duringCommand = try fields.optionalBool("duringCommand") ?? false
            if step != nil, duringCommand, let node = fields["duringCommand"] {
                throw node.error("duringStep already says when the crash strikes; leave duringCommand out")
            }
            return .crash(exitCode: try fields.optionalInt("exitCode") ?? 137, duringCommand: duringCommand, duringStep: step)
        }
    }

    static func duringStep(_ node: ConfigNode?) throws(ConfigError) -> FaultStep? {
        guard let node else { return nil }
        let text = try node.string()
        guard let step = FaultStep(rawValue: text) else {
            var problem = "unknown step \"\(text)\""
            if let near = ConfigNode.closest(to: text, in: FaultStep.allCases.map(\.rawValue)) { problem += " (did you mean \(near)?)" }
            throw node.error(problem + "; known: \(FaultStep.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return step
    }

    static func awsError(_ node: ConfigNode) throws(ConfigError) -> AWSError {
        let fields = try node.mapping(allowed: ["code", "statusCode", "message"])
        let code = try fields.string("code")
        let statusNode = try fields.required("statusCode")
        let status = try statusNode.int()
        guard (400...599).contains(status) else { throw statusNode.error("statusCode must be an HTTP error status (400 to 599), found \(status)") }
        return AWSError(code: code, message: try fields.optionalString("message") ?? "Injected fault: \(code)", httpStatus: status)
    }
}
