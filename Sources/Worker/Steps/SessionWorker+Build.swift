import Foundation
import Logging
import SimKernel

/// Step 6: the build; the input queue is watched while it runs.
extension SessionWorker {
    func startBuild(_ run: CommandRun, on site: ClaimedSite) -> StepProgress {
        run.logger.info("\(LogLine.startingBuild)")
        let task = builder.start(workspace: site.endpoints.workspacePath, at: now)
        run.buildTask = task
        return .waiting(until: now + task.duration, interruptible: true, outcome: nil)
    }

    func finishBuild(_ run: CommandRun, on site: ClaimedSite) -> CommandPipeline.Outcome {
        guard let task = run.buildTask else { return .failed("no build") }
        run.buildTask = nil
        switch task.complete() {
        case .success(let files):
            run.builtFiles = files
            run.logger.info("\(LogLine.buildComplete) in \((now - run.stepStartedAt).wholeMilliseconds) ms")
            previews?.publish(PreviewBuild(
                siteKey: site.endpoints.siteKey, chatThreadId: run.message.chatThreadId, commandId: run.message.commandId,
                distDirectory: site.endpoints.workspacePath + "/dist", files: files, at: now))
            return .succeeded
        case .failure(let reason):
            run.logger.error("\(LogLine.buildFailed): \(reason)")
            return .failed(reason)
        case .interrupted:
            run.logger.error("\(LogLine.buildFailed): interrupted")
            return .failed("interrupted")
        }
    }
}
