import AWSPorts
import AWSSim
import Foundation

/// The body of an S3 upload as the client meant it: `aws-chunked` framing removed (with its trailing
/// headers), and every integrity value the request carries checked against it, as S3 does: `Content-MD5`,
/// `x-amz-checksum-crc32`, `-crc32c`, `-crc64nvme`, `-sha1`, `-sha256` (in a header or a trailer) and a hex
/// `x-amz-content-sha256`.
struct S3Payload {
    let body: Data
    /// The checksum headers S3 echoes in its answer (`x-amz-checksum-crc32: ...`).
    let checksums: [(name: String, value: String)]

    static let algorithms = ["crc32", "crc32c", "crc64nvme", "sha1", "sha256"]

    static func read(_ request: WireRequest) throws(AWSError) -> S3Payload {
        var body = request.body
        var trailers: [String: String] = [:]
        let contentSHA = request.header("x-amz-content-sha256") ?? ""
        let encodings = (request.header("content-encoding") ?? "").lowercased().split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        if encodings.contains("aws-chunked") || contentSHA.hasPrefix("STREAMING-") {
            (body, trailers) = try AWSChunked.decode(request.body)
            if let declared = request.header("x-amz-decoded-content-length") {
                guard let length = Int(declared), length == body.count else {
                    throw S3WireErrors.incompleteBody(declared: declared, received: body.count)
                }
            }
        } else if contentSHA.count == 64, contentSHA.allSatisfy(\.isHexDigit) {
            let actual = Digests.sha256Hex(body)
            if actual != contentSHA.lowercased() { throw S3WireErrors.contentSHA256Mismatch(given: contentSHA, actual: actual) }
        }
        if let md5 = request.header("content-md5") {
            guard let digest = Data(base64Encoded: md5), digest.count == 16 else { throw S3WireErrors.invalidDigest(md5) }
            if md5 != Digests.base64MD5(body) { throw S3WireErrors.badDigest("Content-MD5") }
        }
        var checksums: [(String, String)] = []
        for algorithm in algorithms {
            let name = "x-amz-checksum-\(algorithm)"
            guard let given = request.header(name) ?? trailers[name] else { continue }
            let actual = checksum(algorithm, body)
            guard given == actual else { throw S3WireErrors.badDigest(algorithm.uppercased()) }
            checksums.append((name, given))
        }
        return S3Payload(body: body, checksums: checksums)
    }

    static func checksum(_ algorithm: String, _ body: Data) -> String {
        switch algorithm {
        case "crc32": Checksums.base64(Checksums.crc32(body))
        case "crc32c": Checksums.base64(Checksums.crc32c(body))
        case "crc64nvme": Checksums.base64(Checksums.crc64nvme(body))
        case "sha1": Digests.base64SHA1(body)
        default: Digests.base64SHA256(body)
        }
    }
}

/// `Content-Encoding: aws-chunked` bodies (SigV4 streaming and unsigned payloads with trailers): chunks of
/// `<hex size>[;chunk-signature=...]\r\n<bytes>\r\n`, a zero-size chunk, then trailing headers and a blank line.
/// Chunk signatures are read, not checked, as every signature here.
enum AWSChunked {
    static func decode(_ framed: Data) throws(AWSError) -> (body: Data, trailers: [String: String]) {
        let bytes = [UInt8](framed)
        var at = 0
        var body = Data()
        func line() throws(AWSError) -> String {
            var end = at
            while end + 1 < bytes.count, !(bytes[end] == 13 && bytes[end + 1] == 10) { end += 1 }
            guard end + 1 < bytes.count else { throw S3WireErrors.malformedChunk("a line of the aws-chunked body is not ended by CRLF") }
            let text = String(decoding: bytes[at..<end], as: UTF8.self)
            at = end + 2
            return text
        }
        while true {
            let header = try line()
            let sizeText = header.split(separator: ";", maxSplits: 1).first.map(String.init) ?? ""
            guard let size = Int(sizeText.trimmingCharacters(in: .whitespaces), radix: 16), size >= 0, size <= bytes.count - at else {
                throw S3WireErrors.malformedChunk("the chunk header '\(header.prefix(80))' does not give a size that fits the body")
            }
            if size == 0 { break }
            body.append(contentsOf: bytes[at..<(at + size)])
            at += size
            guard at + 1 < bytes.count, bytes[at] == 13, bytes[at + 1] == 10 else {
                throw S3WireErrors.malformedChunk("a chunk's data is not followed by CRLF")
            }
            at += 2
        }
        var trailers: [String: String] = [:]
        while at < bytes.count {
            let field = try line()
            if field.isEmpty { break }
            guard let colon = field.firstIndex(of: ":") else { throw S3WireErrors.malformedChunk("the trailer '\(field.prefix(80))' has no colon") }
            let name = field[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
            trailers[name] = field[field.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return (body, trailers)
    }
}
