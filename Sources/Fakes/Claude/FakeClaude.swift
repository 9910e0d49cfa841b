import Foundation
import SimKernel
import Worker

/// How long Claude takes on simulated time (the real runs took 7 to 8 s).
public struct ClaudeTiming: Sendable {
    public var duration: ClosedRange<Duration>

    public init(duration: ClosedRange<Duration> = .seconds(5) ... .seconds(12)) {
        self.duration = duration
    }
}

/// Claude Code, faked: a deterministic interpreter that makes the edit a reader would expect. The edits are
/// worked out when the run starts and written when it completes, or partly when it is interrupted.
public final class FakeClaude: Assistant {
    private var random: SeededGenerator
    private let timing: ClaudeTiming
    public var faults: ToolFaultPolicy?

    public init(random: SeededGenerator, timing: ClaudeTiming = ClaudeTiming(), faults: ToolFaultPolicy? = nil) {
        self.random = random
        self.timing = timing
        self.faults = faults
    }

    public func start(instruction: String, workspace: String, at instant: Instant) throws(ToolFailure) -> AssistantTask {
        let fault = faults?.fault(for: .claude, workspace: workspace, at: instant)
        var duration = random.duration(in: timing.duration)
        if case .slow(let factor) = fault { duration = duration * factor }
        var files = SiteFiles(root: URL(fileURLWithPath: workspace))
        let year = Int(instant.iso8601.prefix(4)) ?? 2025
        let summary = InstructionInterpreter(year: year).apply(instruction, to: &files)
        return FakeClaudeTask(files: files, summary: summary, duration: duration, fault: fault)
    }
}

final class FakeClaudeTask: AssistantTask {
    let files: SiteFiles
    let summary: String
    let duration: Duration
    let fault: ToolFault?

    init(files: SiteFiles, summary: String, duration: Duration, fault: ToolFault?) {
        self.files = files
        self.summary = summary
        self.duration = duration
        self.fault = fault
    }

    func complete() throws(ToolFailure) -> AssistantResult {
        switch fault {
        case .fail(let reason)?:
            throw ToolFailure(reason)
        case .stopHalfway?:
            _ = files.apply(count: files.edits.count / 2)
            throw ToolFailure("Claude stopped half way")
        default:
            return AssistantResult(summary: summary, filesWritten: files.apply(count: files.edits.count))
        }
    }

    /// Keeps the edits finished by `elapsed` (in proportion to the run).
    func interrupt(after elapsed: Duration) -> AssistantResult {
        let fraction = min(1, max(0, elapsed.secondsValue / max(duration.secondsValue, 0.001)))
        let written = files.apply(count: Int(Double(files.edits.count) * fraction))
        return AssistantResult(summary: "Interrupted: " + summary, filesWritten: written)
    }
}
