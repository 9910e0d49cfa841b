import Foundation
import Logging
import SimKernel

/// Step 4: Claude applies the instruction; the input queue is watched while it runs.
extension SessionWorker {
    func startClaude(_ run: CommandRun, on site: ClaimedSite) -> StepProgress {
        run.logger.info("\(LogLine.runningClaude): \(SafeText.line(String(run.message.instruction.prefix(120))))")
        do {
            let task = try assistant.start(instruction: run.message.instruction, workspace: site.endpoints.workspacePath, at: now)
            run.assistantTask = task
            return .waiting(until: now + task.duration, interruptible: true, outcome: nil)
        } catch {
            return .finished(.failed("\(LogLine.claudeFailed): \(error.reason)"))
        }
    }

    func finishClaude(_ run: CommandRun, on site: ClaimedSite) -> CommandPipeline.Outcome {
        guard let task = run.assistantTask else { return .failed("\(LogLine.claudeFailed): no run") }
        run.assistantTask = nil
        do {
            let result = try task.complete()
            run.summary = result.summary
            run.logger.info("\(LogLine.claudeFinished) in \((now - run.stepStartedAt).wholeMilliseconds) ms: \(result.summary)")
            return .succeeded
        } catch {
            return .failed("\(LogLine.claudeFailed): \(error.reason)")
        }
    }
}
