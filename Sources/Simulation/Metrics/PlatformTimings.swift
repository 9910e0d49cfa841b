import AWSPorts
import AWSSim
import Messages
import SimKernel
import Worker

/// The Task 07 timings of a run: cold starts (from the workload's sessions), scale-ups (from ECS's tasks)
/// and idle shutdowns (from the edit log group and ECS), for the report's performance table.
enum PlatformTimings {
    static func measure(_ evidence: RunEvidence) -> [LogTimeline.Operation: [Duration]] {
        var result: [LogTimeline.Operation: [Duration]] = [:]
        let tasks = ServiceTaskHistory.tasks(of: WorldNames.editService, in: evidence.run.aws)
        // A cold start is served by a container whose first claim is the session's site; a site that waited
        // for a busy container to free up (more sites than tasks) is not one.
        for session in evidence.driver.sessions.values.sorted(by: { $0.name < $1.name }) where session.cold {
            guard let ready = session.readyAt, let container = session.readyContainerId else { continue }
            let site = SiteKey(session.siteKey)?.path ?? session.siteKey
            let firstClaim = evidence.timeline.lines.first { $0.containerId == container && $0.message.hasPrefix(LogLine.claimed) }
            guard firstClaim?.message == "\(LogLine.claimed) \(site)" else { continue }
            result[.coldStart, default: []].append(ready - session.createdAt)
        }
        for task in tasks {
            if let started = task.startedAt { result[.scaleUp, default: []].append(started - task.createdAt) }
            guard let stopped = task.stoppedAt, task.stopCode == .serviceSchedulerInitiated,
                let taskId = task.taskArn.split(separator: "/").last
            else { continue }
            let containerId = "ecs-\(taskId.prefix(8))"
            let lastCommand = evidence.timeline.lines.last { $0.containerId == containerId && $0.message == LogLine.processingComplete }
            if let lastCommand { result[.idleShutdown, default: []].append(stopped - lastCommand.at) }
        }
        return result
    }
}
