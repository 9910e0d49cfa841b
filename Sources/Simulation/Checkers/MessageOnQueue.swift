import AWSSim
import Foundation
import Messages
import GitWorkspace
import SimKernel
import Worker

/// A message on a queue, with the command its body names (when it is a readable work message) and, in a
/// DLQ, its reason.
struct MessageOnQueue {
    var body: String
    var reason: String?
    var sessionId: String?
    var commandId: String?
    /// A copy cut to fit the DLQ: the original body's size in bytes.
    var truncatedFrom: Int?

    init(_ stored: StoredMessage) {
        body = stored.body
        reason = stored.attributes["reason"]
        truncatedFrom = stored.attributes["truncatedFrom"].flatMap { Int($0) }
        let object = (try? JSONValue.parse(stored.body))?.objectValue
        sessionId = object?["sessionId"]?.stringValue
        commandId = object?["commandId"]?.stringValue
    }
}

extension MessageOnQueue {
    /// Whether this is the DLQ copy of `original`: the same body, or a cut copy of it that says so.
    func isCopy(of original: String) -> Bool {
        if body == original { return true }
        guard let size = truncatedFrom else { return false }
        return size == original.utf8.count && original.utf8.starts(with: body.utf8)
    }
}
