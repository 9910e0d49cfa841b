import AWSPorts
import AWSSim
import Foundation
import GitWorkspace
import Messages
import SimKernel
import Worker

/// Runs one scenario: builds its world, starts the edit service, plays the workload with the fault plans,
/// runs until quiet (or the limit), evaluates the seed's checks, runs a quiet phase with faults off, then
/// SPEC section 7's invariants. The database, remotes, workspaces and trace stay in the output folder.
public enum ScenarioRunner {
    /// Loads the seed set and the fault plans and checks every name the scenario uses. Config errors come
    /// out here, before anything runs.
    public static func prepare(_ scenario: Scenario, settings: RunSettings) throws(ConfigError) -> PreparedScenario {
        let seedSet = try SeedSet.load(name: scenario.seedSet, seedsRoot: settings.projectRoot.appendingPathComponent("Seeds"))
        // Every plan and every name is checked, and every error reported at once.
        var problems = ConfigCollector()
        var plans: [FaultPlan] = []
        for name in scenario.faultPlans {
            // Simulator/faults/ first, then beside the scenario file (a regression case keeps its own plan).
            var candidates = [settings.projectRoot.appendingPathComponent("Simulator/faults/\(name).yaml")]
            if let folder = scenario.folder { candidates.append(folder.appendingPathComponent("\(name).yaml")) }
            guard let url = candidates.first(where: { FileManager.default.fileExists(atPath: $0.path) }) else {
                problems.note(ConfigError(
                    file: scenario.file, line: nil, key: "faults",
                    problem: "no fault plan \(name) (looked for " + candidates.map { ProjectPath.display($0, projectRoot: settings.projectRoot) }.joined(separator: " and ") + ")"))
                continue
            }
            if let plan = problems.read({ () throws(ConfigError) in
                try FaultPlanLoader.load(url, displayName: ProjectPath.display(url, projectRoot: settings.projectRoot))
            }) {
                plans.append(plan)
            }
        }
        for url in settings.extraFaultPlans {
            if let plan = problems.read({ () throws(ConfigError) in try FaultPlanLoader.load(url, displayName: url.relativePath) }) { plans.append(plan) }
        }
        var siteKeys: Set<String> = []
        func resolve(_ name: String, key: String) -> SeedSite? {
            guard let site = seedSet.site(named: SiteName(name)) else {
                problems.note(ConfigError(file: scenario.file, line: nil, key: key, problem: "the seed set \(seedSet.name) has no site \(name)"))
                return nil
            }
            return site
        }
        for name in scenario.sites { if let site = resolve(name, key: "sites") { siteKeys.insert(site.siteKey) } }
        if scenario.sites.isEmpty {
            for client in problems.read({ () throws(ConfigError) in try clients(of: scenario.workload, seedSet: seedSet, file: scenario.file) }) ?? [] {
                if let site = resolve(client, key: "workload") { siteKeys.insert(site.siteKey) }
            }
        }
        for plan in plans {
            for rule in plan.rules {
                guard let name = rule.site else { continue }
                guard let site = seedSet.site(named: SiteName(name)) else {
                    problems.note(ConfigError(file: rule.file, line: rule.line, key: "faults[\(rule.index)].site",
                                              problem: "the seed set \(seedSet.name) has no site \(name)"))
                    continue
                }
                siteKeys.insert(site.siteKey)
            }
        }
        // A check of a site the run does not build could only fail; say so now.
        for (index, check) in scenario.checks.enumerated() {
            guard let name = check.site, let site = resolve(name, key: "checks[\(index)]") else { continue }
            if !siteKeys.contains(site.siteKey) {
                problems.note(ConfigError(
                    file: scenario.file, line: check.line, key: "checks[\(index)]",
                    problem: "the check reads \(name), which is not in this run's world; add it to sites:"))
            }
        }
        // A wait for a command no step sends could only time out.
        let sent = sentCommandIds(scenario.workload, seedSet: seedSet)
        for id in waitedCommandIds(scenario.workload) where !sent.contains(id) {
            problems.note(ConfigError(file: scenario.file, line: nil, key: "workload", problem: "waitFor names \(id), which no step sends"))
        }
        try problems.finish()
        return PreparedScenario(scenario: scenario, seedSet: seedSet, faultPlans: plans, siteKeys: siteKeys)
    }

    /// The command ids (and session names) the workload sends, repeats expanded; ids only known at run time
    /// (`{{now}}`) are left out.
    static func sentCommandIds(_ steps: [WorkloadStep], seedSet: SeedSet, iteration: Int? = nil) -> Set<String> {
        var ids: Set<String> = []
        for step in steps {
            switch step {
            case .send(let templates):
                for template in templates {
                    guard var id = template.fields["commandId"] ?? template.name.flatMap({ seedSet.message(named: $0)?.commandId }) else { continue }
                    if let iteration { id = id.replacingOccurrences(of: "{{i}}", with: String(iteration)) }
                    if !id.contains("{{") { ids.insert(id) }
                }
            case .createSession(_, let name, _):
                ids.insert(name)
            case .repeatSteps(let times, let inner):
                for index in 1...max(1, times) { ids.formUnion(sentCommandIds(inner, seedSet: seedSet, iteration: index)) }
            default:
                break
            }
        }
        return ids
    }

    /// The command ids `waitFor` steps name (not `all`), outside repeats.
    static func waitedCommandIds(_ steps: [WorkloadStep]) -> [String] {
        steps.flatMap { step -> [String] in
            if case .waitFor(let ids, _) = step { return ids.filter { !$0.contains("{{") } }
            return []
        }
    }

    /// The sites the workload's messages go to.
    static func clients(of steps: [WorkloadStep], seedSet: SeedSet, file: String) throws(ConfigError) -> [String] {
        var found: [String] = []
        for step in steps {
            switch step {
            case .send(let templates):
                for template in templates {
                    var client = template.fields["clientId"], project = template.fields["projectId"]
                    if let name = template.name {
                        guard let message = seedSet.message(named: name) else {
                            throw ConfigError(file: file, line: nil, key: "workload", problem: "the seed set \(seedSet.name) has no message \(name)")
                        }
                        client = client ?? message.clientId
                        project = project ?? message.projectId
                    }
                    if let client { found.append(project.map { "\(client)/\($0)" } ?? client) }
                }
            case .sendBody(_, let site), .claim(let site), .snapshotWorkspace(let site, _):
                found.append(site)
            case .createSession(let fields, _, _):
                if let client = fields["clientId"] { found.append(fields["projectId"].map { "\(client)/\($0)" } ?? client) }
            case .repeatSteps(_, let inner):
                found += try clients(of: inner, seedSet: seedSet, file: file)
            default:
                break
            }
        }
        return found
    }

    /// Runs the prepared scenario with its outputs in `outputDirectory`: a new folder, an empty one, or one
    /// wsim made before (emptied first; see `OutputFolder`). The run's database is checkpointed and closed,
    /// so `wsim.sqlite` alone holds the whole account.
    public static func run(_ prepared: PreparedScenario, settings: RunSettings, outputDirectory: URL) -> ScenarioOutcome {
        // A folder `execute` was refused must not be sealed as wsim's afterwards.
        var preparedFolder = false
        var (outcome, evidence) = execute(prepared, settings: settings, outputDirectory: outputDirectory, preparedFolder: &preparedFolder)
        do {
            try evidence?.run.close()
        } catch {
            outcome.status = .crashed
            outcome.problems.append("the run's database could not be closed: \(ErrorText.line(error))")
        }
        do {
            if preparedFolder { try OutputFolder.seal(outputDirectory) }
        } catch {
            outcome.status = .crashed
            outcome.problems.append("could not record what the run wrote in \(outputDirectory.path): \(ErrorText.line(error))")
        }
        return outcome
    }

    /// Runs the scenario and also hands back what the checkers read, for tests that tamper with it. The
    /// database stays open until the caller closes the run.
    public static func execute(
        _ prepared: PreparedScenario, settings: RunSettings, outputDirectory: URL
    ) -> (outcome: ScenarioOutcome, evidence: RunEvidence?) {
        var preparedFolder = false
        return execute(prepared, settings: settings, outputDirectory: outputDirectory, preparedFolder: &preparedFolder)
    }

    /// `preparedFolder`: whether the output folder was taken (and so is wsim's to seal).
    static func execute(
        _ prepared: PreparedScenario, settings: RunSettings, outputDirectory: URL, preparedFolder: inout Bool
    ) -> (outcome: ScenarioOutcome, evidence: RunEvidence?) {
        let scenario = prepared.scenario
        var evidence: RunEvidence?
        var outcome = ScenarioOutcome(
            scenario: scenario, seed: settings.seed, replay: settings.replay(scenario), status: .passed, digest: "", events: 0,
            simulated: .zero, checks: [], invariants: [], problems: [], operations: [:], faultsInjected: 0,
            outputDirectory: outputDirectory.path)
        do {
            try OutputFolder.prepare(outputDirectory, owned: [settings.projectRoot.appendingPathComponent(".wsim")])
            preparedFolder = true
            let files = settings.storage == .files
            let traceFile = files ? try TraceFile(path: outputDirectory.appendingPathComponent("trace.jsonl").path) : nil
            defer { traceFile?.close() }
            let trace = TraceRecorder(sink: traceFile.map { file in { file.append($0) } })
            let run = try SimulationRun(
                seedSet: prepared.seedSet, seed: settings.seed, runDirectory: outputDirectory,
                databasePath: files ? outputDirectory.appendingPathComponent("wsim.sqlite").path : nil, trace: trace,
                siteKeys: prepared.siteKeys)
            run.plantedBug = settings.plantedBug
            do {
                evidence = try play(prepared, run: run, into: &outcome)
            } catch {
                try? run.close()
                throw error
            }
        } catch {
            outcome.status = .crashed
            outcome.problems.append("the run failed: \(ErrorText.line(error))")
        }
        return (outcome, evidence)
    }

    /// SPEC section 7's invariants, in the order the reports list them.
    public static let invariantCheckers: [(name: String, check: @Sendable (RunEvidence) -> CheckResult)] = [
        (InstructionAccountingChecker.name, InstructionAccountingChecker.check),
        (CommitPreservationChecker.name, CommitPreservationChecker.check),
        (AtMostOnceChecker.name, AtMostOnceChecker.check),
        (CommandOrderChecker.name, CommandOrderChecker.check),
        (InterruptChecker.name, InterruptChecker.check),
        (CommitAttributionChecker.name, CommitAttributionChecker.check),
        (BucketDeployChecker.name, BucketDeployChecker.check),
        (SessionIsolationChecker.name, SessionIsolationChecker.check),
        (RepositoryHealthChecker.name, RepositoryHealthChecker.check),
        (ECSConvergenceChecker.name, ECSConvergenceChecker.check),
    ]

    public static func invariants(_ evidence: RunEvidence) -> [CheckResult] {
        invariantCheckers.map { $0.check(evidence) }
    }

    static func play(_ prepared: PreparedScenario, run: SimulationRun, into outcome: inout ScenarioOutcome) throws -> RunEvidence {
        let scenario = prepared.scenario
        let start = run.scheduler.now
        let injector = try FaultInjector(plans: prepared.faultPlans, world: run.world, seed: run.seed, scheduler: run.scheduler, trace: run.trace)
        run.install(injector)
        let collector = ResponseCollector(run: run)
        collector.start()
        let driver = WorkloadDriver(run: run, collector: collector, steps: scenario.workload, defaultTimeout: scenario.limit)
        try run.installPlatform(autoscale: scenario.autoscale)
        if !scenario.autoscale { try run.scaleEditService(to: scenario.containers) }
        driver.begin()

        // Main phase: until the workload is done and every command is accounted for, or the limit.
        var quiet = false
        func tick() {
            driver.watchSites()
            quiet = driver.finished && isQuiet(run: run, driver: driver, collector: collector)
            if !quiet { run.scheduler.schedule(after: .seconds(5), "harness.tick") { tick() } }
        }
        run.scheduler.schedule(after: .seconds(5), "harness.tick") { tick() }
        let deadline = start + scenario.limit
        while !quiet, run.scheduler.now < deadline, let next = run.scheduler.nextDueInstant, next <= deadline {
            run.scheduler.step()
        }
        if !quiet {
            outcome.status = .liveness
            outcome.problems.append("the run did not go quiet within \(seconds(scenario.limit)) of simulated time")
            outcome.problems += driver.timeouts + driver.errors
            if let wait = driver.pendingWait { outcome.problems.append("the workload was still in \(wait)") }
            for command in unaccounted(run: run, driver: driver, collector: collector) {
                outcome.problems.append("\(command) was neither answered nor dead-lettered")
            }
        } else if !driver.timeouts.isEmpty || !driver.errors.isEmpty {
            outcome.status = .liveness
            outcome.problems += driver.timeouts + driver.errors
        }

        // The seed's checks, on the state the main phase left.
        var evidence = RunEvidence(run: run, driver: driver, collector: collector, timeline: LogTimeline.read(run.aws))
        evidence.faultsInjected = faultsInjected(run, injector)
        outcome.checks = scenario.checks.map { ScenarioCheckEvaluator.evaluate($0, evidence) }

        // Quiet phase: faults off; everything must converge. It lasts the scenario's quiet period, then on
        // (at most 10 minutes more) until ECS has converged, every workspace is pushed, no deploy is left half
        // done and no message is held: a slow task start or a retry schedule must not outlive a fixed period.
        injector.disable()
        _ = run.scheduler.run(until: run.scheduler.now + scenario.quietPeriod)
        let bound = run.scheduler.now + Self.quietPhaseExtension
        while !isSettled(run), run.scheduler.now < bound {
            _ = run.scheduler.run(until: min(bound, run.scheduler.now + .seconds(5)))
        }
        collector.stop()
        for site in run.world.sites { collector.drain(site) }
        evidence = RunEvidence(run: run, driver: driver, collector: collector, timeline: LogTimeline.read(run.aws))
        outcome.invariants = invariants(evidence)
        let folder = URL(fileURLWithPath: outcome.outputDirectory)
        let spans = RunSpans(evidence.timeline, faults: injector.strikes, start: start, end: run.scheduler.now)
        let tasks = [WorldNames.editService, WorldNames.hermesService].flatMap { service in
            ServiceTaskHistory.tasks(of: service, in: run.aws).map { (service: service, task: $0) }
        }
        TraceSpans.record(spans, tasks: tasks, into: run.trace)
        if FileManager.default.fileExists(atPath: folder.appendingPathComponent("trace.jsonl").path) {
            // A run kept on disk (not a swarm's scratch run): the run as a picture and as a Perfetto trace.
            let subtitle = "\(scenario.name), seed \(run.seed), \(String(format: "%.0f", (run.scheduler.now - start).secondsValue)) s simulated"
            try Data(TimelinePage.render(spans, title: scenario.title, subtitle: subtitle).utf8).write(to: folder.appendingPathComponent("timeline.html"))
            try Data(spans.perfetto.utf8).write(to: folder.appendingPathComponent("trace.perfetto.json"))
        }
        if outcome.status == .passed, (outcome.checks + outcome.invariants).contains(where: { !$0.passed }) {
            outcome.status = .checkFailed
        }
        for (operation, values) in PlatformTimings.measure(evidence) { outcome.operations[operation, default: []] += values }
        for command in Set(driver.sent.map(\.commandId)).sorted() {
            let sentAt = driver.sent.first { $0.commandId == command }?.at
            for operation in LogTimeline.Operation.allCases where operation.isLogged {
                if let measured = evidence.timeline.measure(operation, command: command, sentAt: sentAt) {
                    outcome.operations[operation, default: []].append(measured)
                }
            }
        }
        outcome.simulated = run.scheduler.now - start
        outcome.digest = run.trace.digest.hex
        outcome.events = run.trace.digest.eventCount
        outcome.faultsInjected = faultsInjected(run, injector)
        outcome.faultRules = injector.firedRules
        return evidence
    }

    /// Faults injected so far: the injector's own (git, tools, containers, one-shot effects) and those the AWS
    /// seam logged.
    static func faultsInjected(_ run: SimulationRun, _ injector: FaultInjector) -> Int {
        injector.injected + ((try? run.database.eventLog().filter { $0.operation == "FaultInjected" }.count) ?? 0)
    }

    /// How much longer than its quiet period a quiet phase may last while the run settles.
    static let quietPhaseExtension: Duration = .seconds(600)

    /// ECS converged, every workspace healthy and its branches on its remote, no deploy marked in progress,
    /// every input queue empty.
    static func isSettled(_ run: SimulationRun) -> Bool {
        guard let described = try? run.aws.ecs.describeServices(
            cluster: WorldNames.cluster, services: [WorldNames.editService, WorldNames.hermesService]),
            described.services.allSatisfy({ $0.runningCount == $0.desiredCount && $0.pendingCount == 0 })
        else { return false }
        for site in run.world.sites {
            if !((try? run.aws.sqs.peekMessages(queueUrl: site.endpoints.inputQueueURL)) ?? []).isEmpty { return false }
            if DeployedBuild(workspacePath: site.endpoints.workspacePath).isPending { return false }
            if let workspace = try? LibGit2Repositories().openRepository(at: site.endpoints.workspacePath),
                !((try? workspace.unpushedBranches()) ?? []).isEmpty || !((try? workspace.problems()) ?? []).isEmpty
            {
                return false
            }
        }
        return true
    }

    /// Every sent command answered or dead-lettered, every body dead-lettered, every input queue empty.
    static func isQuiet(run: SimulationRun, driver: WorkloadDriver, collector: ResponseCollector) -> Bool {
        for site in run.world.sites where !((try? run.aws.sqs.peekMessages(queueUrl: site.endpoints.inputQueueURL)) ?? []).isEmpty {
            return false
        }
        return unaccounted(run: run, driver: driver, collector: collector).isEmpty
    }

    static func unaccounted(run: SimulationRun, driver: WorkloadDriver, collector: ResponseCollector) -> [String] {
        var missing: [String] = []
        var letters: [String: [StoredMessage]] = [:]
        func dead(_ siteKey: String) -> [StoredMessage] {
            if let cached = letters[siteKey] { return cached }
            let site = run.world.sites.first { $0.seedSite.siteKey == siteKey }
            let stored = site.flatMap { try? run.aws.sqs.peekMessages(queueUrl: $0.endpoints.deadLetterQueueURL) } ?? []
            letters[siteKey] = stored
            return stored
        }
        for command in driver.sent where collector.response(for: command.commandId) == nil {
            if !dead(command.siteKey).contains(where: { MessageOnQueue($0).commandId == command.commandId }) {
                missing.append(command.commandId)
            }
        }
        for body in driver.sentBodies where !dead(body.siteKey).contains(where: { MessageOnQueue($0).isCopy(of: body.body) }) {
            missing.append("a body sent to \(body.siteKey)")
        }
        return missing
    }

    static func seconds(_ duration: Duration) -> String { String(format: "%.0f s", duration.secondsValue) }
}
