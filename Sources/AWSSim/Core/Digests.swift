import Crypto
import Foundation

/// The digests AWS exposes (S3 ETags, SQS MD5s, FIFO content-based deduplication), from swift-crypto.
enum Digests {
    static func md5Hex<D: DataProtocol>(_ data: D) -> String {
        hex(Insecure.MD5.hash(data: data))
    }

    static func md5Hex(_ text: String) -> String { md5Hex(Data(text.utf8)) }

    static func sha256Hex(_ text: String) -> String {
        hex(SHA256.hash(data: Data(text.utf8)))
    }

    private static func hex<D: Sequence>(_ digest: D) -> String where D.Element == UInt8 {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(64)
        for byte in digest {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 15)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
