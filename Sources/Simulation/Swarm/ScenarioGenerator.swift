import Foundation
import Messages
import SimKernel
import Worker

/// Draws a scenario from a seed: 1 to 4 sites of the seed set, 1 to 3 containers or `auto`, and a workload of
/// weighted moves (new sessions, follow-ups, bursts, messages that arrive during a step of another command,
/// duplicates, malformed and hostile bodies, idle gaps past the release timeout, forced scale to 0, sessions
/// through Hermes), all from one seeded stream.
public enum ScenarioGenerator {
    /// Instructions the fake Claude understands, with the file and text that show they took effect.
    static let instructions: [(text: String, path: String, marker: String)] = [
        ("Add a welcome message to the homepage", "src/pages/index.astro", "class=\"welcome\""),
        ("Update the footer copyright year", "src/components/Footer.astro", "&copy; 2025"),
        ("Emergency fix for contact form", "src/pages/contact.astro", "action=\"/api/contact\""),
        ("Update page title to \"Version {n}\"", "src/pages/index.astro", "Version {n}"),
        ("Add secret key KEY{n} to config", "src/config.json", "KEY{n}"),
    ]

    enum MoveKind: CaseIterable {
        case newSession, followUp, burst, duringStep, duplicate, malformed, hostile, idleGap, scaleToZero, hermes, pause

        var weight: Int {
            switch self {
            case .newSession: 3
            case .followUp: 4
            case .burst: 1
            case .duringStep: 3
            case .duplicate: 1
            case .malformed: 1
            case .hostile: 1
            case .idleGap: 1
            case .scaleToZero: 1
            case .hermes: 1
            case .pause: 2
            }
        }
    }

    /// The log lines that open each step a message may arrive during.
    static let stepOpenings = [LogLine.runningClaude, LogLine.startingBuild, LogLine.startingSync, LogLine.pushing]

    public static func draw(seed: UInt64, seedSet: SeedSet, random: inout SeededGenerator) -> GeneratedScenario {
        let candidates = seedSet.sites
        let siteCount = random.uniform(in: 1...min(4, candidates.count))
        var pool = candidates
        var sites: [SeedSite] = []
        for _ in 0..<siteCount {
            let index = random.uniform(in: 0...(pool.count - 1))
            sites.append(pool.remove(at: index))
        }
        let containers: Int? = random.chance(0.2) ? nil : random.uniform(in: 1...3)
        var state = State(sites: sites)
        var moves: [GeneratedScenario.Move] = []
        let count = random.uniform(in: 2...8)
        while moves.count < count {
            let kind = pickKind(&random)
            if let move = make(kind, containers: containers, state: &state, random: &random) { moves.append(move) }
        }
        return GeneratedScenario(
            seed: seed, seedSet: seedSet.name, sites: sites.map(name), containers: containers, moves: moves, limit: .seconds(2700))
    }

    static func name(_ site: SeedSite) -> String { "\(site.clientId)/\(site.projectId)" }

    static func pickKind(_ random: inout SeededGenerator) -> MoveKind {
        let total = MoveKind.allCases.reduce(0) { $0 + $1.weight }
        var ticket = random.uniform(in: 1...total)
        for kind in MoveKind.allCases {
            ticket -= kind.weight
            if ticket <= 0 { return kind }
        }
        return .newSession
    }

    /// Sessions, threads and commands drawn so far.
    struct State {
        var sites: [SeedSite]
        var sessions: [(sessionId: String, thread: String, site: SeedSite)] = []
        var sent: [GeneratedScenario.Command] = []
        var commandCount = 0
        var hermesCount = 0

        init(sites: [SeedSite]) { self.sites = sites }
    }

    static func make(_ kind: MoveKind, containers: Int?, state: inout State, random: inout SeededGenerator) -> GeneratedScenario.Move? {
        switch kind {
        case .newSession:
            return .send([newSession(&state, &random)])
        case .followUp:
            guard !state.sessions.isEmpty else { return .send([newSession(&state, &random)]) }
            return .send([followUp(&state, &random)])
        case .burst:
            var commands: [GeneratedScenario.Command] = []
            for _ in 0..<random.uniform(in: 2...3) {
                commands.append(random.chance(0.5) || state.sessions.isEmpty ? newSession(&state, &random) : followUp(&state, &random))
            }
            return .send(commands)
        case .duringStep:
            guard let target = random.pick(state.sent) else { return nil }
            let opening = random.pick(stepOpenings)!
            let command = random.chance(0.6) || state.sessions.count < 2 ? newSession(&state, &random) : followUp(&state, &random)
            return .sendWhen(pattern: "\"\(opening)\" \"\(target.commandId)\"", commands: [command])
        case .duplicate:
            guard let original = random.pick(state.sent) else { return nil }
            return .resend(original)
        case .malformed:
            let site = random.pick(state.sites)!
            let bodies = [
                "{\"sessionId\": \"s-bad\", \"commandId\": \"cmd-bad\"", "not json at all", "[1, 2, 3]",
                "{\"sessionId\": \"s-bad\", \"commandId\": \"cmd-bad\", \"chatThreadId\": \"t\", \"clientId\": \"elsewhere\", \"instruction\": \"x\", \"userId\": \"u\"}",
            ]
            return .body(site: name(site), text: random.pick(bodies)!)
        case .hostile:
            let site = random.pick(state.sites)!
            if random.chance(0.5) {
                let bodies = [
                    "{\"sessionId\": \"bad\\u0000id\", \"commandId\": \"cmd-nul\", \"chatThreadId\": \"t\", \"clientId\": \"\(site.clientId)\", \"instruction\": \"x\", \"userId\": \"u\"}",
                    "{\"sessionId\": \"../../etc\", \"commandId\": \"cmd-dots\", \"chatThreadId\": \"t\", \"clientId\": \"\(site.clientId)\", \"instruction\": \"x\", \"userId\": \"u\"}",
                    "{\"sessionId\": \"s\", \"commandId\": \"c\", \"chatThreadId\": \"x.lock\", \"clientId\": \"\(site.clientId)\", \"instruction\": \"x\", \"userId\": \"u\"}",
                ]
                return .body(site: name(site), text: random.pick(bodies)!)
            }
            var command = newSession(&state, &random, site: site)
            command.instruction = random.pick(["\u{0}", "\u{7}\u{1b}[31mred\u{1b}[0m", "Ünïcödé 🎉 instruction", "line one\nline two\r\n"])!
            command.path = nil
            command.marker = nil
            state.sent[state.sent.count - 1] = command
            return .send([command])
        case .idleGap:
            return .wait(.seconds(random.uniform(in: 330...420)))
        case .scaleToZero:
            guard let containers else { return nil }
            return .scaleToZero(back: containers)
        case .hermes:
            guard containers == nil else { return nil }
            let site = random.pick(state.sites)!
            state.hermesCount += 1
            let instruction = random.pick(instructions)!
            return .hermesSession(
                name: "hermes\(state.hermesCount)", site: name(site), clientId: site.clientId, projectId: site.projectId,
                instruction: instruction.text.replacingOccurrences(of: "{n}", with: String(state.hermesCount)))
        case .pause:
            return .wait(.milliseconds(random.uniform(in: 1...40) * 500))
        }
    }

    static func newSession(_ state: inout State, _ random: inout SeededGenerator, site: SeedSite? = nil) -> GeneratedScenario.Command {
        let site = site ?? random.pick(state.sites)!
        let number = state.sessions.count + 1
        // Now and then a thread whose preferred branch collides with another's (`t1` and `thread-t1`).
        var thread = "t\(number)"
        if let other = state.sessions.first, random.chance(0.1) { thread = "thread-" + other.thread }
        let session = (sessionId: "session-\(number)", thread: thread, site: site)
        state.sessions.append(session)
        return command(for: session, &state, &random)
    }

    static func followUp(_ state: inout State, _ random: inout SeededGenerator) -> GeneratedScenario.Command {
        command(for: random.pick(state.sessions)!, &state, &random)
    }

    static func command(
        for session: (sessionId: String, thread: String, site: SeedSite), _ state: inout State, _ random: inout SeededGenerator
    ) -> GeneratedScenario.Command {
        state.commandCount += 1
        let n = String(state.commandCount)
        let instruction = random.pick(instructions)!
        let command = GeneratedScenario.Command(
            sessionId: session.sessionId, commandId: "cmd-\(n)", chatThreadId: session.thread, site: name(session.site),
            clientId: session.site.clientId, projectId: session.site.projectId,
            instruction: instruction.text.replacingOccurrences(of: "{n}", with: n),
            path: instruction.path, marker: instruction.marker.replacingOccurrences(of: "{n}", with: n))
        state.sent.append(command)
        return command
    }
}
