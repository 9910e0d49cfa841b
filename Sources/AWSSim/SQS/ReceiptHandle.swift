import SimKernel

/// A receipt handle: opaque to callers, and new on every receive. It names the queue, the message row and
/// the receive it came from; only the latest handle of a message acts on it.
struct ReceiptHandle: Equatable {
    var queueId: Int64
    var messageSeq: Int64
    var receiveCount: Int64

    private static let prefix = "AQEB"
    private static let version: UInt8 = 1

    /// Encodes with 16 random bytes so handles look and behave like AWS's (unguessable, never reused).
    func encode(nonce: [UInt8]) -> String {
        var bytes: [UInt8] = [ReceiptHandle.version]
        append(queueId, to: &bytes)
        append(messageSeq, to: &bytes)
        append(receiveCount, to: &bytes)
        bytes.append(contentsOf: nonce)
        return ReceiptHandle.prefix + Base64.encode(bytes)
    }

    /// Nil when the text is not a handle this simulator issued.
    init?(decoding text: String) {
        guard text.hasPrefix(ReceiptHandle.prefix),
            let bytes = Base64.decode(String(text.dropFirst(ReceiptHandle.prefix.count))),
            bytes.count == 1 + 24 + 16, bytes[0] == ReceiptHandle.version
        else { return nil }
        queueId = ReceiptHandle.read(bytes, at: 1)
        messageSeq = ReceiptHandle.read(bytes, at: 9)
        receiveCount = ReceiptHandle.read(bytes, at: 17)
    }

    init(queueId: Int64, messageSeq: Int64, receiveCount: Int64) {
        self.queueId = queueId
        self.messageSeq = messageSeq
        self.receiveCount = receiveCount
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
