import AWSPorts
import AWSSim
import Foundation
import Messages
import SimKernel

/// A response kept by a `request` or `subscribe` step.
public struct KeptResponse: Sendable {
    public var status: Int
    public var headers: [String: String]
    public var body: String
    public var upgraded: Bool
    public var at: Instant
}
