import AWSPorts
import AWSSim
import Fakes
import Foundation
import Messages
import SimKernel
import Worker

/// Carries out the fault plans of a run: decides for every AWS call, git operation and tool run whether a
/// rule applies (window, operation, site, callers, nth, seeded probability), schedules the one-shot effects,
/// and records every fault in the trace. Switched off for the quiet phase.
public final class FaultInjector {
    struct ActiveRule {
        let rule: FaultRule
        let site: WorldSite?
        var random: SeededGenerator
        var matched = 0
        /// A one-shot rule that struck.
        var spent = false
    }

    let trace: TraceRecorder
    let scheduler: Scheduler
    let start: Instant
    private var rules: [ActiveRule]
    public private(set) var enabled = true
    public private(set) var injected = 0
    /// How often each rule fired (the AWS ones count the calls they struck), by rule label.
    public private(set) var firings: [String: Int] = [:]

    /// Each fault as it struck, for the timeline's faults lane (the first `strikesKept`: a long-running server
    /// keeps counting in `firings` without keeping every strike).
    public private(set) var strikes: [RunSpans.Fault] = []
    static let strikesKept = 10_000

    /// Every rule, in plan order, with how often it fired (0 for a rule that never did).
    public var firedRules: [FiredRule] { rules.map { FiredRule(rule: $0.rule.label, text: $0.rule.canonicalText, times: firings[$0.rule.label] ?? 0) } }

    /// Resolves each rule's site against the world; an unknown site is a config error at the rule's line.
    /// Without a world (`wsim serve` on an empty account) a rule naming a site is an error too.
    public init(plans: [FaultPlan], world: World?, seed: UInt64, scheduler: Scheduler, trace: TraceRecorder) throws(ConfigError) {
        self.trace = trace
        self.scheduler = scheduler
        self.start = scheduler.now
        let random = SeededGenerator(seed: seed).derive("faults")
        var rules: [ActiveRule] = []
        for plan in plans {
            for rule in plan.rules {
                var site: WorldSite?
                if let name = rule.site {
                    guard let world else {
                        throw ConfigError(file: rule.file, line: rule.line, key: "faults[\(rule.index)].site",
                                          problem: "there is no world with sites here; start wsim serve with --seed-set to name site \(name)")
                    }
                    site = world.worldSite(named: SiteName(name))
                    if site == nil {
                        throw ConfigError(file: rule.file, line: rule.line, key: "faults[\(rule.index)].site",
                                          problem: "the seed set \(world.seedSet.name) has no site \(name)")
                    }
                }
                rules.append(ActiveRule(rule: rule, site: site, random: random.derive(rule.canonicalText)))
            }
        }
        self.rules = rules
    }

    /// The quiet phase: no more faults.
    public func disable() { enabled = false }

    /// The AWS seam's view of this injector, for services outside a scenario run (`wsim serve`). The injector
    /// must outlive it.
    public func awsInterceptor() -> FaultInterceptor { HookInterceptor(self) }

    /// Schedules the one-shot rules that strike at their `startAfter` (not at a step).
    public func begin(_ run: SimulationRun) {
        for entry in rules where entry.rule.effect.isOneShot && entry.rule.effect.duringStep == nil {
            let (rule, site) = (entry.rule, entry.site)
            run.scheduler.schedule(at: start + rule.startAfter, "fault \(rule.label)") { [weak self] in
                guard let self else { return }
                OneShotFaults.apply(rule, site: site, run: run, injector: self)
            }
        }
    }

    /// A container's command reached a step: one-shot rules waiting for it (in their window, for the site,
    /// the `nth` time) strike now, once each.
    public func stepBegan(_ step: CommandPipeline.Step, on host: WorkerHost, run: SimulationRun) {
        guard case .busy(let siteKey, _) = host.worker.state else { return }
        for index in rules.indices {
            let rule = rules[index].rule
            guard !rules[index].spent, rule.effect.duringStep?.pipelineStep == step, inWindow(rule, at: scheduler.now) else { continue }
            if let site = rules[index].site, site.seedSite.siteKey != siteKey { continue }
            rules[index].matched += 1
            guard rules[index].matched == (rule.nth ?? 1) else { continue }
            rules[index].spent = true
            let site = rules[index].site ?? run.world.sites.first { $0.seedSite.siteKey == siteKey }
            OneShotFaults.apply(rule, site: site, run: run, injector: self, host: host)
            if host.isStopped { return }
        }
    }

    // MARK: Matching

    private func inWindow(_ rule: FaultRule, at instant: Instant) -> Bool {
        guard enabled, instant >= start + rule.startAfter else { return false }
        if let duration = rule.duration, instant >= start + rule.startAfter + duration { return false }
        return true
    }

    /// Counts the match and draws the probability; true when the rule fires for this call.
    private func fires(_ index: Int) -> Bool {
        rules[index].matched += 1
        if let nth = rules[index].rule.nth, rules[index].matched != nth { return false }
        if let probability = rules[index].rule.probability, !rules[index].random.chance(probability) { return false }
        firings[rules[index].rule.label, default: 0] += 1
        return true
    }

    private func keep(_ strike: RunSpans.Fault) {
        if strikes.count < Self.strikesKept { strikes.append(strike) }
    }

    private func record(_ rule: FaultRule, _ what: String, _ keys: [String: String]) {
        injected += 1
        let details = keys.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        keep(RunSpans.Fault(at: scheduler.now, text: "\(rule.label): \(rule.target.rawValue) \(what)" + (details.isEmpty ? "" : " (\(details))")))
        var all = keys
        all["rule"] = rule.label
        all["effect"] = what
        trace.record(TraceEvent(instant: scheduler.now, source: "fault", operation: rule.target.rawValue, keysJSON: JSONValue.canonicalObject(all)))
    }

    // MARK: AWS

    public func decide(_ call: ServiceCall) -> FaultDecision {
        if call.service == .ecs, call.operation == SimulatedECS.taskStartOperation { return .delay(taskStartDelay(taskId: call.resource ?? "")) }
        var decision = FaultDecision.proceed
        for index in rules.indices {
            let rule = rules[index].rule
            guard rule.target.awsService == call.service, !rule.effect.isOneShot, inWindow(rule, at: call.instant) else { continue }
            if case .startDelay = rule.effect { continue }
            if let operations = rule.operations, !operations.contains(call.operation) { continue }
            switch rule.callers {
            // Clients of `wsim serve` stand in for the containers.
            case .containers: guard Caller(name: call.caller)?.isContainer == true else { continue }
            case .logDriver: guard Caller(name: call.caller)?.isLogDriver == true else { continue }
            case .any: break
            }
            if let site = rules[index].site, !Self.resource(call.resource, belongsTo: site) { continue }
            if let table = rule.table, call.resource != table { continue }
            guard fires(index) else { continue }
            keep(RunSpans.Fault(at: call.instant, text: "\(rule.label): \(call.service.rawValue) \(call.operation) \(Self.effectName(rule.effect)) (\(call.caller))"))
            switch rule.effect {
            case .error(let error):
                if decision.error == nil { decision.error = error }
            case .removeCredentials:
                if decision.error == nil {
                    decision.error = AWSError(code: "NoCredentials", message: "Unable to locate credentials", httpStatus: 403)
                }
            case .latency(let latency):
                decision.latency += latency
            case .failEntries(let fraction, let error):
                for entry in call.batchEntryIDs where rules[index].random.chance(fraction) {
                    decision.failedBatchEntries[entry] = error
                }
            default:
                break
            }
        }
        return decision
    }

    /// An AWS rule's effect in a few words, for the timeline.
    static func effectName(_ effect: FaultEffect) -> String {
        switch effect {
        case .error(let error): "error \(error.code)"
        case .removeCredentials: "removeCredentials"
        case .latency(let latency): "latency \(String(format: "%.1f s", latency.secondsValue))"
        case .failEntries(let fraction, let error): "failEntries \(Int(fraction * 100))% \(error.code)"
        default: "\(effect)".components(separatedBy: "(").first ?? "fault"
        }
    }

    static func resource(_ resource: String?, belongsTo site: WorldSite) -> Bool {
        guard let resource else { return false }
        let endpoints = site.endpoints
        return resource == endpoints.bucket || resource == endpoints.inputQueueURL || resource == endpoints.outputQueueURL
            || resource == endpoints.deadLetterQueueURL
    }

    // MARK: Git and tools

    /// The error a git operation on `workspace` fails with, if a rule says so. Every matching rule counts
    /// the call (its `nth`), the first that fires decides.
    public func gitFailure(_ operation: GitOperation, workspace: String) -> String? {
        var failure: String?
        for index in rules.indices {
            let rule = rules[index].rule
            guard rule.target == .git, case .gitError(let message) = rule.effect, inWindow(rule, at: scheduler.now) else { continue }
            if let operations = rule.operations, !operations.contains(operation.rawValue) { continue }
            if let site = rules[index].site, site.endpoints.workspacePath != workspace { continue }
            guard fires(index), failure == nil else { continue }
            record(rule, "error", ["operation": operation.rawValue, "message": message])
            failure = message
        }
        return failure
    }

    /// The fault a tool run meets, if a rule says so. Every matching rule counts the run, the first that
    /// fires decides.
    public func toolFault(_ tool: ToolKind, workspace: String, at instant: Instant) -> ToolFault? {
        let target: FaultTarget = tool == .claude ? .claude : .build
        var fault: ToolFault?
        for index in rules.indices {
            let rule = rules[index].rule
            guard rule.target == target, inWindow(rule, at: instant) else { continue }
            if let site = rules[index].site, site.endpoints.workspacePath != workspace { continue }
            guard fires(index), fault == nil else { continue }
            switch rule.effect {
            case .toolFail(let reason):
                record(rule, "fail", ["reason": reason])
                fault = .fail(reason)
            case .toolSlow(let factor):
                record(rule, "slow", ["factor": String(factor)])
                fault = .slow(factor)
            case .toolStopHalfway:
                record(rule, "stopHalfway", [:])
                fault = .stopHalfway
            default:
                continue
            }
        }
        return fault
    }

    /// The extra time a task starting now spends PENDING.
    private func taskStartDelay(taskId: String) -> Duration {
        var total = Duration.zero
        for index in rules.indices {
            let rule = rules[index].rule
            guard rule.target == .ecs, case .startDelay(let delay) = rule.effect, inWindow(rule, at: scheduler.now), fires(index) else { continue }
            record(rule, "startDelay", ["task": taskId, "delay": String(format: "%.0f s", delay.secondsValue)])
            total += delay
        }
        return total
    }

    /// The response a Hermes task gives instead of handling `operation`, if a rule says so: the rule's status
    /// and code, with `Retry-After` on 429 and 503.
    public func hermesFault(_ operation: String) -> HTTPResponse? {
        var answer: HTTPResponse?
        for index in rules.indices {
            let rule = rules[index].rule
            guard rule.target == .hermes, case .error(let error) = rule.effect, inWindow(rule, at: scheduler.now) else { continue }
            if let operations = rule.operations, !operations.contains(operation) { continue }
            guard fires(index), answer == nil else { continue }
            record(rule, "error", ["operation": operation, "status": String(error.httpStatus), "code": error.code])
            var response = HTTPResponse.json(error.httpStatus, JSONValue.object([
                "error": .string(error.message), "code": .string(error.code),
            ]).canonicalText)
            if error.httpStatus == 429 { response.headers["retry-after"] = "2" }
            if error.httpStatus == 503 { response.headers["retry-after"] = "5" }
            answer = response
        }
        return answer
    }

    /// Records a one-shot effect carried out by the run.
    func recordOneShot(_ rule: FaultRule, _ keys: [String: String]) {
        firings[rule.label, default: 0] += 1
        record(rule, "\(rule.effect)".components(separatedBy: "(").first ?? "oneShot", keys)
    }
}

extension FaultInjector: FaultHooks {}
