/// The credential scope of a SigV4-signed request (`AKID/20260101/us-east-1/sqs/aws4_request`): the region and
/// service a client addressed. Signatures are read, never verified: any access key works, as in LocalStack
/// and moto.
public struct SigV4Scope: Equatable, Sendable {
    public var accessKey: String
    public var date: String
    public var region: String
    public var service: String

    /// From an `Authorization: AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=...` header, or a
    /// presigned URL's `X-Amz-Credential` value. Nil when there is none or it is not a SigV4 scope.
    public init?(authorization: String?, presignedCredential: String? = nil) {
        var credential: Substring?
        if let authorization, authorization.hasPrefix("AWS4-") {
            for part in authorization.split(whereSeparator: { $0 == "," || $0 == " " }) where part.hasPrefix("Credential=") {
                credential = part.dropFirst("Credential=".count)
            }
        } else if let presignedCredential {
            credential = Substring(presignedCredential)
        }
        guard let credential else { return nil }
        let fields = credential.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard fields.count == 5, fields[4] == "aws4_request", !fields[2].isEmpty, !fields[3].isEmpty else { return nil }
        accessKey = fields[0]
        date = fields[1]
        region = fields[2]
        service = fields[3]
    }
}
