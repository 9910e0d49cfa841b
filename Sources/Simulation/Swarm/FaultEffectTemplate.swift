import Foundation
import SimKernel

/// An effect with ranges or lists where a plan has one value; a value is drawn for each rule.
public enum FaultEffectTemplate: Sendable, Equatable {
    case error(code: String, statusCode: Int, message: String?)
    case gitError(message: String)
    case latency(ClosedRange<Duration>)
    case failEntries(fraction: ClosedRange<Double>, code: String, statusCode: Int)
    case removeCredentials
    case corrupt(states: [GitCorruption], duringSteps: [FaultStep])
    case remoteURL(String)
    case fail(String)
    case slow(ClosedRange<Double>)
    case stopHalfway
    case crash(duringSteps: [FaultStep])
    case startDelay(ClosedRange<Duration>)
}
