import Messages
import AWSPorts
import AWSSim
import Fakes
import Foundation
import GitWorkspace
import Hermes
import Logging
import SimKernel
import Worker

public enum SimulationError: Error, Hashable, Sendable, CustomStringConvertible {
    case unknownSite(clientId: String, projectId: String?)
    case unknownMessage(String)

    public var description: String {
        switch self {
        case .unknownSite(let clientId, let projectId):
            "the seed set has no site \(clientId)\(projectId.map { "/" + $0 } ?? "")"
        case .unknownMessage(let name):
            "the seed set has no message \(name)"
        }
    }
}
