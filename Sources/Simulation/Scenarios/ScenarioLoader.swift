import AWSSim
import Foundation
import SimKernel
import Worker

/// Reads scenario files. Every mistake names the file, line and key; a scenario without checks is an error.
public enum ScenarioLoader {
    static let topKeys = [
        "title", "description", "seedSet", "sites", "containers", "faults", "limit", "quietPeriod", "workload", "checks",
    ]
    static let stepKeys = [
        "send", "with", "message", "body", "to", "claim", "wait", "at", "waitFor", "waitForLog", "count", "optional", "timeout", "repeat", "steps",
        "createSession", "as", "request", "subscribe", "waitForReady", "scaleService", "waitForService", "snapshotWorkspace",
    ]
    /// The actions a workload step may take (exactly one a step); the parser switches over every case.
    enum Action: String, CaseIterable {
        case send, message, body, claim, wait, at, waitFor, waitForLog
        case `repeat`
        case createSession, request, subscribe, waitForReady, scaleService, waitForService, snapshotWorkspace
    }
    static let actions = Action.allCases.map(\.rawValue)
    static let services = ["edit": WorldNames.editService, "hermes": WorldNames.hermesService]
    static let messageFields = ["sessionId", "commandId", "chatThreadId", "clientId", "projectId", "instruction", "userId", "timestamp"]
    /// The kinds of check (exactly one a check); the parser switches over every case.
    enum CheckKind: String, CaseIterable {
        case branchExists, branchAbsent, fileContains, fileLacks, headCommit, commitMessage, commitSubjects, commitCount, branchesDiffer
        case bucketContains, bucketLacks, bucketObjects, bucketMatchesLastDeploy, occurrences
        case log, between, faultsInjected, containerStatus, deadLetters, answered, finishedWithin, metrics, workspaceClean
        case sessionRow, readyWithin, response, reloads, serviceCount, peakTasks, containerRows, workspaceRetained, volumeFile, websiteServes
    }
    static let checkKinds = CheckKind.allCases.map(\.rawValue)

    /// A scenario file; `scenario.yaml` in a folder of its own (a regression case, a swarm's minimal case)
    /// takes the folder's name.
    public static func load(_ url: URL, displayName: String) throws(ConfigError) -> Scenario {
        let name = url.lastPathComponent == "scenario.yaml"
            ? url.deletingLastPathComponent().lastPathComponent : url.deletingPathExtension().lastPathComponent
        var scenario = try parse(try ConfigNode.load(url, displayName: displayName), name: name)
        scenario.folder = url.deletingLastPathComponent()
        return scenario
    }

    public static func parse(_ root: ConfigNode, name: String) throws(ConfigError) -> Scenario {
        // Each part (a field, a step, a check) is read on its own, so every mistake of the file is reported at once.
        var problems = ConfigCollector()
        let top = try root.mapping(allowed: topKeys)
        let containersNode = top["containers"]
        let autoscale = (try? containersNode?.string()) == "auto"
        let containers = autoscale ? 0 : problems.read { () throws(ConfigError) in try containersNode?.int() ?? 1 } ?? 1
        if let containersNode, !autoscale, !(1...WorldNames.maxEditTasks).contains(containers) {
            problems.note(containersNode.error("the edit service runs 1 to \(WorldNames.maxEditTasks) tasks (or auto), found \(containers)"))
        }
        var workload: [WorkloadStep] = []
        if let workloadNode = problems.read({ () throws(ConfigError) in try top.required("workload") }) {
            workload = problems.read { () throws(ConfigError) in try steps(workloadNode) } ?? []
            if workload.isEmpty, (try? workloadNode.sequence())?.isEmpty == true { problems.note(workloadNode.error("the workload is empty")) }
        }
        var checks: [ScenarioCheck] = []
        if let checksNode = problems.read({ () throws(ConfigError) in try top.required("checks") }) {
            let checkNodes = problems.read { () throws(ConfigError) in try checksNode.sequence() } ?? []
            if checkNodes.isEmpty, (try? checksNode.sequence()) != nil {
                problems.note(checksNode.error("a scenario must state the seed's checks; this one has none"))
            }
            for node in checkNodes {
                if let check = problems.read({ () throws(ConfigError) in try check(node) }) { checks.append(check) }
            }
        }
        let sites = problems.read { () throws(ConfigError) in try top.strings("sites") ?? [] } ?? []
        let title = problems.read { () throws(ConfigError) in try top.string("title") } ?? ""
        let description = problems.read { () throws(ConfigError) in try top.string("description") } ?? ""
        let seedSet = problems.read { () throws(ConfigError) in try top.string("seedSet") } ?? ""
        let faultPlans = problems.read { () throws(ConfigError) in try top.strings("faults") ?? [] } ?? []
        let limit = problems.read { () throws(ConfigError) in try top.optionalDuration("limit") ?? .seconds(900) } ?? .seconds(900)
        let quietPeriod = problems.read { () throws(ConfigError) in try top.optionalDuration("quietPeriod") ?? .seconds(60) } ?? .seconds(60)
        try problems.finish()
        return Scenario(
            name: name, file: root.file, reference: name, folder: nil, title: title, description: description,
            seedSet: seedSet, sites: sites, containers: containers, autoscale: autoscale,
            faultPlans: faultPlans, limit: limit, quietPeriod: quietPeriod, workload: workload, checks: checks)
    }

    // MARK: Workload

    static func steps(_ node: ConfigNode) throws(ConfigError) -> [WorkloadStep] {
        var result: [WorkloadStep] = []
        var problems = ConfigCollector()
        for stepNode in try node.sequence() {
            if let step = problems.read({ () throws(ConfigError) in try step(stepNode) }) { result.append(step) }
        }
        try problems.finish()
        return result
    }

    static func step(_ node: ConfigNode) throws(ConfigError) -> WorkloadStep {
        let fields = try node.mapping(allowed: stepKeys)
        let (kind, value) = try fields.exactlyOne(of: actions, what: "action")
        let action = Action(rawValue: kind)!  // exactlyOne returns one of `actions`
        func only(_ allowed: [String]) throws(ConfigError) {
            for key in fields.keys where key != kind && !allowed.contains(key) {
                throw try fields.required(key).error("\(key) does not go with \(kind)")
            }
        }
        switch action {
        case .send:
            try only(["with"])
            let overrides = try messageOverrides(fields["with"], allowAll: false)
            let names = try fields.strings("send") ?? []
            if names.isEmpty { throw value.error("send names at least one message") }
            return .send(names.map { MessageTemplate(name: $0, fields: overrides) })
        case .message:
            // One inline message, or a list of them sent at the same instant.
            try only([])
            var nodes = [value]
            if case .sequence = value.node { nodes = try value.sequence() }
            var templates: [MessageTemplate] = []
            for messageNode in nodes {
                let template = try messageOverrides(messageNode, allowAll: true)
                for required in ["sessionId", "commandId", "chatThreadId", "clientId", "instruction", "userId"] where template[required] == nil {
                    throw messageNode.error("an inline message needs \(required)")
                }
                templates.append(MessageTemplate(name: nil, fields: template))
            }
            if templates.isEmpty { throw value.error("message needs at least one message") }
            return .send(templates)
        case .body:
            try only(["to"])
            return .sendBody(try value.string(), site: try fields.string("to"))
        case .claim:
            try only([])
            return .claim(site: try value.string())
        case .wait:
            try only([])
            return .wait(try value.duration())
        case .at:
            try only([])
            return .at(try value.duration())
        case .waitFor:
            try only(["timeout"])
            let commands = try fields.strings("waitFor") ?? []
            return .waitFor(commands == ["all"] ? [] : commands, timeout: try fields.optionalDuration("timeout"))
        case .waitForLog:
            try only(["timeout", "count", "optional"])
            let count = try fields.optionalInt("count") ?? 1
            if count < 1, let node = fields["count"] { throw node.error("count is how many events to wait for, at least 1; found \(count)") }
            if let problem = LogFilterPatternCheck.problem(in: try value.string()) { throw value.error(problem) }
            return .waitForLog(
                try value.string(), count: count, timeout: try fields.optionalDuration("timeout"), optional: try fields.optionalBool("optional") ?? false)
        case .createSession:
            try only(["as", "timeout"])
            let request = try value.mapping(allowed: ["clientId", "projectId", "userId", "instruction", "chatThreadId"])
            var values: [String: String] = [:]
            for key in request.keys { values[key] = try request.string(key) }
            for required in ["clientId", "userId", "instruction"] where values[required] == nil {
                throw value.error("createSession needs \(required)")
            }
            return .createSession(fields: values, name: try fields.string("as"), timeout: try fields.optionalDuration("timeout"))
        case .request:
            try only(["as"])
            let request = try value.mapping(allowed: ["method", "path", "headers", "body"])
            var headers: [String: String] = [:]
            if let headerNode = request["headers"] {
                let map = try headerNode.mapping(allowed: nil)
                for key in map.keys { headers[key.lowercased()] = try map.string(key) }
            }
            let path = try request.string("path")
            guard path.hasPrefix("/") || path.hasPrefix("{{") else { throw try request.required("path").error("a path starts with /, found \(path)") }
            return .request(RequestTemplate(
                method: try request.optionalString("method") ?? "GET", path: path, headers: headers, body: try request.optionalString("body")),
                name: try fields.string("as"))
        case .subscribe:
            try only(["as"])
            return .subscribe(session: try value.string(), name: try fields.string("as"))
        case .waitForReady:
            try only(["timeout"])
            return .waitForReady(session: try value.string(), timeout: try fields.optionalDuration("timeout"))
        case .scaleService:
            try only([])
            let args = try value.mapping(allowed: ["service", "to", "force"])
            return .scaleService(service: try service(args), count: try args.int("to"), force: try args.optionalBool("force") ?? false)
        case .waitForService:
            try only(["timeout"])
            let args = try value.mapping(allowed: ["service", "running"])
            return .waitForService(service: try service(args), running: try args.int("running"), timeout: try fields.optionalDuration("timeout"))
        case .snapshotWorkspace:
            try only(["as"])
            return .snapshotWorkspace(site: try value.string(), name: try fields.string("as"))
        case .repeat:
            try only(["steps"])
            let times = try value.int()
            guard times >= 1 else { throw value.error("repeat needs a count of 1 or more, found \(times)") }
            let inner = try steps(try fields.required("steps"))
            if inner.isEmpty { throw try fields.required("steps").error("repeat has no steps") }
            return .repeatSteps(times: times, steps: inner)
        }
    }

    /// A CloudWatch Logs filter pattern wsim can match (anything else would silently match nothing).
    static func pattern(_ args: ConfigMapping, _ key: String) throws(ConfigError) -> String {
        let text = try args.string(key)
        if let problem = LogFilterPatternCheck.problem(in: text) { throw try args.required(key).error(problem) }
        return text
    }

    /// `edit` or `hermes`.
    static func service(_ args: ConfigMapping) throws(ConfigError) -> String {
        let name = try args.string("service")
        guard let service = services[name] else {
            throw try args.required("service").error("unknown service \"\(name)\"; known: edit, hermes")
        }
        return service
    }

    static func messageOverrides(_ node: ConfigNode?, allowAll: Bool) throws(ConfigError) -> [String: String] {
        guard let node else { return [:] }
        let fields = try node.mapping(allowed: messageFields)
        var values: [String: String] = [:]
        for key in fields.keys { values[key] = try fields.string(key) }
        return values
    }

    // MARK: Checks

    static func check(_ node: ConfigNode) throws(ConfigError) -> ScenarioCheck {
        let fields = try node.mapping(allowed: ["expect"] + checkKinds)
        let expect = try fields.string("expect")
        let (kindName, value) = try fields.exactlyOne(of: checkKinds, what: "check")
        return ScenarioCheck(expect: expect, line: node.line, kind: try kind(CheckKind(rawValue: kindName)!, value))
    }

    static func kind(_ name: CheckKind, _ node: ConfigNode) throws(ConfigError) -> ScenarioCheck.Kind {
        func args(_ allowed: [String]) throws(ConfigError) -> ConfigMapping { try node.mapping(allowed: allowed) }
        switch name {
        case .branchExists:
            let a = try args(["site", "branch", "branches"])
            let branches = (try a.strings("branch") ?? []) + (try a.strings("branches") ?? [])
            if branches.isEmpty { throw node.error("name a branch or branches") }
            return .branchExists(site: try a.string("site"), branches: branches)
        case .fileContains, .fileLacks:
            let a = try args(["site", "branch", "path", "text"])
            let texts = try a.strings("text") ?? []
            if texts.isEmpty { throw node.error("the key text is required") }
            let site = try a.string("site"), branch = try a.string("branch"), path = try a.string("path")
            return name == .fileContains
                ? .fileContains(site: site, branch: branch, path: path, texts: texts)
                : .fileLacks(site: site, branch: branch, path: path, texts: texts)
        case .branchAbsent:
            let a = try args(["site", "branch"])
            return .branchAbsent(site: try a.string("site"), branch: try a.string("branch"))
        case .commitMessage:
            let a = try args(["site", "branch", "contains"])
            let texts = try a.strings("contains") ?? []
            if texts.isEmpty { throw node.error("the key contains is required (a text or a list)") }
            return .commitMessage(site: try a.string("site"), branch: try a.string("branch"), texts: texts)
        case .faultsInjected:
            let a = try args(["atLeast", "atMost"])
            let atMost = try a.optionalInt("atMost")
            let atLeast = try a.optionalInt("atLeast") ?? (atMost == nil ? 1 : 0)
            if let atMost, atLeast > atMost {
                throw try a.required("atLeast").error("atLeast (\(atLeast)) is greater than atMost (\(atMost)); no run can pass")
            }
            return .faultsInjected(atLeast: atLeast, atMost: atMost)
        case .headCommit:
            let a = try args(["site", "branch", "subjectStartsWith"])
            return .headCommit(site: try a.string("site"), branch: try a.string("branch"), subjectPrefix: try a.string("subjectStartsWith"))
        case .commitSubjects:
            let a = try args(["site", "branch", "newestFirst"])
            return .commitSubjects(site: try a.string("site"), branch: try a.string("branch"), newestFirst: try a.strings("newestFirst") ?? [])
        case .commitCount:
            let a = try args(["site", "branch", "atLeast", "exactly"])
            let atLeast = try a.optionalInt("atLeast"), exactly = try a.optionalInt("exactly")
            if atLeast == nil && exactly == nil { throw node.error("give atLeast or exactly") }
            return .commitCount(site: try a.string("site"), branch: try a.string("branch"), atLeast: atLeast, exactly: exactly)
        case .branchesDiffer:
            let a = try args(["site", "branches"])
            let branches = try a.strings("branches") ?? []
            if branches.count < 2 { throw node.error("name at least two branches") }
            return .branchesDiffer(site: try a.string("site"), branches: branches)
        case .bucketContains, .bucketLacks:
            let a = try args(["site", "key", "text"])
            let texts = try a.strings("text") ?? []
            if texts.isEmpty { throw node.error("the key text is required") }
            return name == .bucketContains
                ? .bucketContains(site: try a.string("site"), key: try a.string("key"), texts: texts)
                : .bucketLacks(site: try a.string("site"), key: try a.string("key"), texts: texts)
        case .occurrences:
            let a = try args(["site", "branch", "path", "key", "text", "times"])
            let branch = try a.optionalString("branch")
            guard (branch == nil) == (a["key"] != nil), (branch == nil) == (a["path"] == nil) else {
                throw node.error("occurrences names a file (branch and path) or an object (key), not both")
            }
            let times = try a.int("times")
            if times < 0 { throw try a.required("times").error("times is a count, 0 or more; found \(times)") }
            let path = try branch == nil ? a.string("key") : a.string("path")
            return .occurrences(site: try a.string("site"), branch: branch, path: path, text: try a.string("text"), times: times)
        case .bucketObjects:
            let a = try args(["site", "atLeast"])
            return .bucketObjects(site: try a.string("site"), atLeast: try a.optionalInt("atLeast") ?? 1)
        case .bucketMatchesLastDeploy:
            return .bucketMatchesLastDeploy(site: try args(["site"]).string("site"))
        case .log:
            // `atMost: 0` alone means none: atLeast is 1 only when no atMost is given.
            let a = try args(["pattern", "atLeast", "atMost"])
            let atMost = try a.optionalInt("atMost")
            let atLeast = try a.optionalInt("atLeast") ?? (atMost == nil ? 1 : 0)
            if let atMost, atLeast > atMost {
                throw try a.required("atLeast").error("atLeast (\(atLeast)) is greater than atMost (\(atMost)); no run can pass")
            }
            return .log(pattern: try pattern(a, "pattern"), atLeast: atLeast, atMost: atMost)
        case .between:
            let a = try args(["from", "to", "atMost"])
            return .between(from: try pattern(a, "from"), to: try pattern(a, "to"), atMost: try a.duration("atMost"))
        case .containerStatus:
            let a = try args(["command", "in"])
            return .containerStatus(command: try a.string("command"), allowed: try a.strings("in") ?? [])
        case .deadLetters:
            let a = try args(["site", "count"])
            return .deadLetters(site: try a.string("site"), count: try a.optionalInt("count") ?? 0)
        case .answered:
            let a = try args(["command", "success", "interrupted"])
            return .answered(command: try a.string("command"), success: try a.optionalBool("success"), interrupted: try a.optionalBool("interrupted"))
        case .finishedWithin:
            return .finishedWithin(try node.duration())
        case .metrics:
            let a = try args(["site", "build", "sync", "total"])
            return .metrics(site: try a.optionalString("site"), build: try a.optionalDuration("build"),
                            sync: try a.optionalDuration("sync"), total: try a.optionalDuration("total"))
        case .workspaceClean:
            return .workspaceClean(site: try args(["site"]).string("site"))
        case .sessionRow:
            let a = try args(["session", "status"])
            return .sessionRow(session: try a.string("session"), statuses: try a.strings("status") ?? [])
        case .readyWithin:
            let a = try args(["session", "within"])
            return .readyWithin(session: try a.string("session"), limit: try a.duration("within"))
        case .response:
            let a = try args(["request", "status", "headers", "text", "upgraded"])
            var headers: [String: String] = [:]
            if let headerNode = a["headers"] {
                let map = try headerNode.mapping(allowed: nil)
                for key in map.keys { headers[key.lowercased()] = try map.string(key) }
            }
            return .response(request: try a.string("request"), status: try a.optionalInt("status"), headers: headers,
                             texts: try a.strings("text") ?? [], upgraded: try a.optionalBool("upgraded"))
        case .reloads:
            let a = try args(["subscription", "atLeast"])
            return .reloads(subscription: try a.string("subscription"), atLeast: try a.optionalInt("atLeast") ?? 1)
        case .serviceCount:
            let a = try args(["service", "desired", "running"])
            let desired = try a.optionalInt("desired"), running = try a.optionalInt("running")
            if desired == nil && running == nil { throw node.error("give desired or running") }
            return .serviceCount(service: try service(a), desired: desired, running: running)
        case .peakTasks:
            let a = try args(["service", "atLeast", "exactly"])
            let atLeast = try a.optionalInt("atLeast"), exactly = try a.optionalInt("exactly")
            if atLeast == nil && exactly == nil { throw node.error("give atLeast or exactly") }
            return .peakTasks(service: try service(a), atLeast: atLeast, exactly: exactly)
        case .containerRows:
            let a = try args(["status", "atLeast", "all"])
            let statuses = try a.strings("status") ?? []
            if statuses.isEmpty { throw node.error("the key status is required") }
            for status in statuses where ContainerStatus(rawValue: status) == nil {
                throw try a.required("status").error("unknown container status \"\(status)\"; known: \(ContainerStatus.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            return .containerRows(statuses: statuses, atLeast: try a.optionalInt("atLeast") ?? 1, all: try a.optionalBool("all") ?? false)
        case .workspaceRetained:
            let a = try args(["before", "after"])
            return .workspaceRetained(before: try a.string("before"), after: try a.string("after"))
        case .websiteServes:
            let a = try args(["site", "path", "status", "text"])
            return .websiteServes(site: try a.string("site"), path: try a.optionalString("path") ?? "/",
                                  status: try a.optionalInt("status") ?? 200, texts: try a.strings("text") ?? [])
        case .volumeFile:
            let a = try args(["site", "path", "text"])
            return .volumeFile(site: try a.string("site"), path: try a.string("path"), texts: try a.strings("text") ?? [])
        }
    }
}
