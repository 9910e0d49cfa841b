import Messages
import AWSPorts
import Foundation
import Logging
import SimKernel

extension SessionWorker {
    /// Step 4: Claude applies the instruction; the input queue is watched while it runs.
    func startClaude(_ run: CommandRun, on site: ClaimedSite) -> WorkerWake {
        run.logger.info("Running Claude: \(run.message.instruction.prefix(120))")
        let task: AssistantTask
        do {
            task = try ports.assistant.start(instruction: run.message.instruction, workspace: site.endpoints.workspacePath, at: now)
        } catch {
            run.finishStep("claude", at: now)
            return retryOrGiveUp(run, on: site, reason: "Claude failed: \(error.reason)")
        }
        let until = now + task.duration
        run.stage = .claude(task, startedAt: now, until: until)
        return .messageOrAt(queueURL: site.endpoints.inputQueueURL, until)
    }

    func finishClaude(_ run: CommandRun, task: AssistantTask, startedAt: Instant, on site: ClaimedSite) -> WorkerWake {
        run.finishStep("claude", at: now)
        do {
            let result = try task.complete()
            run.summary = result.summary
            run.claudeSucceeded = true
            run.logger.info("Claude finished in \((now - startedAt).wholeMilliseconds) ms: \(result.summary)")
        } catch {
            return retryOrGiveUp(run, on: site, reason: "Claude failed: \(error.reason)")
        }
        run.stage = .commit
        return .at(now)
    }

    /// Step 5: commit everything the command changed. No changes, no commit.
    func commit(_ run: CommandRun, on site: ClaimedSite) -> WorkerWake {
        guard let repository = site.repository else { return .at(now) }
        do {
            let files = try repository.changedPaths()
            run.filesChanged = files
            guard !files.isEmpty else {
                run.logger.info("No changes to commit")
                run.stage = .startBuild
                return .at(now)
            }
            let message = CommitMessage.full(
                instruction: run.message.instruction, files: files, sessionId: run.message.sessionId,
                commandId: run.message.commandId, userId: run.message.userId, at: now)
            run.commitSha = try repository.commitAll(message: message, author: .container, at: now)
            run.logger.info("Committed \(run.commitSha.map { String($0.prefix(8)) } ?? "nothing"): \(message.prefix { $0 != "\n" })")
        } catch {
            run.errors.append("commit: \(error.message)")
            run.logger.error("Git commit failed: \(error.message)")
        }
        let until = now + ports.timing.duration(of: .commit)
        run.stage = .committing(until: until)
        return .at(until)
    }

    /// Step 6: the build; the input queue is watched while it runs.
    func startBuild(_ run: CommandRun, on site: ClaimedSite) -> WorkerWake {
        run.stageStartedAt = now
        run.logger.info("Starting Astro build")
        let task = ports.builder.start(workspace: site.endpoints.workspacePath, at: now)
        let until = now + task.duration
        run.stage = .build(task, startedAt: now, until: until)
        return .messageOrAt(queueURL: site.endpoints.inputQueueURL, until)
    }

    func finishBuild(_ run: CommandRun, task: BuildTask, on site: ClaimedSite) -> WorkerWake {
        let result = task.complete()
        let elapsed = now - run.stageStartedAt
        run.finishStep("build", at: now)
        switch result {
        case .success(let files):
            run.buildSuccess = true
            run.logger.info("Build complete in \(elapsed.wholeMilliseconds) ms")
            ports.previews?.publish(PreviewBuild(
                siteKey: site.endpoints.siteKey, chatThreadId: run.message.chatThreadId, commandId: run.message.commandId,
                distDirectory: site.endpoints.workspacePath + "/dist", files: files, at: now))
            return startDeploy(run, files: files, on: site)
        case .failure(let reason):
            run.errors.append("build: \(reason)")
            run.logger.error("Build failed: \(reason)")
        case .interrupted:
            run.errors.append("build: interrupted")
            run.logger.error("Build failed: interrupted")
        }
        run.stage = .push
        return .at(now)
    }

    /// A tool or workspace failure: the message is left for another attempt (made visible again after a
    /// short backoff) until the last attempt, which answers with the error and moves it to the DLQ.
    func retryOrGiveUp(_ run: CommandRun, on site: ClaimedSite, reason: String) -> WorkerWake {
        let attempt = run.work.receiveCount
        site.lastActivity = now
        phase = .ready(site)
        if attempt < configuration.maxAttempts {
            let backoff = 10 * attempt
            run.logger.warning("\(reason); attempt \(attempt) of \(configuration.maxAttempts), retrying in \(backoff) s")
            do {
                try AWSRetry.call { () throws(AWSError) in
                    try ports.sqs.changeMessageVisibility(
                        queueUrl: site.endpoints.inputQueueURL, receiptHandle: run.work.receiptHandle, visibilityTimeout: backoff)
                }
            } catch {
                run.logger.warning("Could not shorten the message's visibility; it returns after its timeout: \(error)")
            }
            return .at(now)
        }
        run.logger.error("\(reason); giving up after \(attempt) attempts")
        run.errors.append(reason)
        sendResponse(response(for: run, on: site, error: "\(reason) (after \(attempt) attempts)"), on: site, logger: run.logger)
        moveToDeadLetterQueue(
            run.message.json, messageId: run.message.commandId, reason: "\(reason) (after \(attempt) attempts)",
            receiptHandle: run.work.receiptHandle, on: site, logger: run.logger)
        return .at(now)
    }
}
