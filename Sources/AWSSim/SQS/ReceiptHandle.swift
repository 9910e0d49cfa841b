import Foundation
import SimKernel

/// A receipt handle: opaque to callers, and new on every receive. It names the queue, the message row, the
/// receive it came from and a random nonce; only the latest handle of a message (the nonce stored with the
/// message) acts on it.
struct ReceiptHandle: Equatable {
    var queueId: Int64
    var messageSeq: Int64
    var receiveCount: Int64
    var nonce: Int64

    private static let prefix = "AQEB"
    private static let version: UInt8 = 2

    func encode() -> String {
        var bytes: [UInt8] = [ReceiptHandle.version]
        bytes.reserveCapacity(33)
        append(queueId, to: &bytes)
        append(messageSeq, to: &bytes)
        append(receiveCount, to: &bytes)
        append(nonce, to: &bytes)
        return ReceiptHandle.prefix + Data(bytes).base64EncodedString()
    }

    /// Nil when the text is not a handle this simulator issued.
    init?(decoding text: String) {
        guard text.hasPrefix(ReceiptHandle.prefix),
            let bytes = Data(base64Encoded: String(text.dropFirst(ReceiptHandle.prefix.count))).map([UInt8].init),
            bytes.count == 33, bytes[0] == ReceiptHandle.version
        else { return nil }
        queueId = ReceiptHandle.read(bytes, at: 1)
        messageSeq = ReceiptHandle.read(bytes, at: 9)
        receiveCount = ReceiptHandle.read(bytes, at: 17)
        nonce = ReceiptHandle.read(bytes, at: 25)
    }

    init(queueId: Int64, messageSeq: Int64, receiveCount: Int64, nonce: Int64) {
        self.queueId = queueId
        self.messageSeq = messageSeq
        self.receiveCount = receiveCount
        self.nonce = nonce
    }

    private func append(_ value: Int64, to bytes: inout [UInt8]) {
        var v = UInt64(bitPattern: value)
        for _ in 0..<8 {
            bytes.append(UInt8(v >> 56))
            v <<= 8
        }
    }

    private static func read(_ bytes: [UInt8], at offset: Int) -> Int64 {
        var v: UInt64 = 0
        for i in 0..<8 { v = v << 8 | UInt64(bytes[offset + i]) }
        return Int64(bitPattern: v)
    }
}
