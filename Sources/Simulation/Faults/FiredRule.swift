import AWSPorts
import AWSSim
import Fakes
import Foundation
import Messages
import SimKernel
import Worker

/// A fault rule of a run and how often it fired.
public struct FiredRule: Sendable, Equatable {
    /// `plan[index]`.
    public var rule: String
    public var text: String
    public var times: Int
}
