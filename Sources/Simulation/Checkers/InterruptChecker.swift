import SimKernel
import Worker

/// SPEC section 7: no command interrupted by a message that was waiting when it began. Every
/// `Interrupted by command X` line of a command names a command sent after that command's
/// `Processing command` line (on the same container).
public enum InterruptChecker {
    public static let name = "No command interrupted by a message that was waiting when it began"

    public static func check(_ evidence: RunEvidence) -> CheckResult {
        var problems: [String] = []
        var interrupts = 0
        let firstSend = Dictionary(evidence.commands.map { ("\($0.sessionId) \($0.commandId)", $0.at) }, uniquingKeysWith: min)
        for line in evidence.timeline.lines {
            guard let (by, session) = LogLine.interruptingCommand(in: line.message) else { continue }
            interrupts += 1
            guard let interrupted = line.commandId else { continue }
            let began = evidence.timeline.lines(of: interrupted).last {
                $0.at <= line.at && $0.containerId == line.containerId && $0.message.hasPrefix(LogLine.processingCommand + " ")
            }?.at
            guard let began, let sent = firstSend["\(session) \(by)"] else { continue }
            if sent <= began {
                problems.append("\(by), sent at \(sent.iso8601), interrupted \(interrupted), which began at \(began.iso8601) with it already waiting")
            }
        }
        if problems.isEmpty { return .pass(name, "\(counted(interrupts, "interrupt")), each by a message sent during the command") }
        return .fail(name, problems.joined(separator: "; "))
    }
}
