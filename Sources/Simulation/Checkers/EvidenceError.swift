import AWSSim
import Foundation
import Messages
import GitWorkspace
import SimKernel
import Worker

/// Evidence a checker could not read.
struct EvidenceError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
