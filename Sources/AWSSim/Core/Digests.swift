import Crypto
import Foundation
import SimKernel

/// The digests AWS exposes (S3 ETags, SQS MD5s, FIFO content-based deduplication), from swift-crypto.
public enum Digests {
    static func md5Hex<D: DataProtocol>(_ data: D) -> String {
        hex(Insecure.MD5.hash(data: data))
    }

    static func md5Hex(_ text: String) -> String { md5Hex(Data(text.utf8)) }

    static func md5<D: DataProtocol>(_ data: D) -> [UInt8] { Array(Insecure.MD5.hash(data: data)) }

    /// The checksums S3 takes in `x-amz-checksum-sha1` and `-sha256` and `Content-MD5`, base64 of the digest.
    public static func base64SHA1(_ data: Data) -> String { Data(Insecure.SHA1.hash(data: data)).base64EncodedString() }
    public static func base64SHA256(_ data: Data) -> String { Data(SHA256.hash(data: data)).base64EncodedString() }
    public static func base64MD5(_ data: Data) -> String { Data(Insecure.MD5.hash(data: data)).base64EncodedString() }

    static func sha256Hex(_ text: String) -> String {
        hex(SHA256.hash(data: Data(text.utf8)))
    }

    public static func sha256Hex(_ data: Data) -> String { hex(SHA256.hash(data: data)) }

    private static func hex<D: Sequence>(_ digest: D) -> String where D.Element == UInt8 { Hex.string(digest) }
}
