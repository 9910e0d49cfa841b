import AWSPorts

/// The S3 errors the wire front raises itself (about the HTTP request rather than the bucket's state), in S3's
/// codes and words.
enum S3WireErrors {
    static func badDigest(_ what: String) -> AWSError {
        AWSError(code: "BadDigest", message: "The \(what) you specified did not match the calculated checksum.")
    }

    static func invalidDigest(_ value: String) -> AWSError {
        AWSError(code: "InvalidDigest", message: "The Content-MD5 you specified is not valid.", fields: ["Content-MD5": value])
    }

    static func contentSHA256Mismatch(given: String, actual: String) -> AWSError {
        AWSError(
            code: "XAmzContentSHA256Mismatch", message: "The provided 'x-amz-content-sha256' header does not match what was computed.",
            fields: ["ClientComputedContentSHA256": given, "S3ComputedContentSHA256": actual])
    }

    static func incompleteBody(declared: String, received: Int) -> AWSError {
        AWSError(
            code: "IncompleteBody", message: "You did not provide the number of bytes specified by the x-amz-decoded-content-length HTTP header (\(declared)); the decoded body has \(received).")
    }

    static func malformedChunk(_ detail: String) -> AWSError {
        AWSError(code: "InvalidRequest", message: "The aws-chunked body is malformed: \(detail).")
    }

    static func malformedXML(_ detail: String) -> AWSError {
        AWSError(
            code: "MalformedXML",
            message: "The XML you provided was not well-formed or did not validate against our published schema: \(detail)")
    }

    static func notImplemented(_ what: String) -> AWSError {
        AWSError(
            code: "NotImplemented", message: "A header or query you provided implies functionality that is not implemented: wsim serve does not serve \(what).",
            httpStatus: 501)
    }

    static func methodNotAllowed(_ method: String, _ resource: String) -> AWSError {
        AWSError(code: "MethodNotAllowed", message: "The specified method is not allowed against this resource.", httpStatus: 405,
                 fields: ["Method": method, "ResourceType": resource])
    }

    static func invalidArgument(_ message: String, name: String, value: String) -> AWSError {
        AWSError(code: "InvalidArgument", message: message, fields: ["ArgumentName": name, "ArgumentValue": value])
    }

    static func illegalLocationConstraint(_ constraint: String, region: String) -> AWSError {
        AWSError(
            code: "IllegalLocationConstraintException",
            message: "The \(constraint) location constraint is incompatible for the region specific endpoint this request was sent to (\(region)).")
    }

    static func invalidURI() -> AWSError {
        AWSError(code: "InvalidURI", message: "Couldn't parse the specified URI: its percent-encoding is not valid UTF-8.")
    }

    static func invalidBucketName(_ bucket: String) -> AWSError {
        AWSError(code: "InvalidBucketName", message: "The specified bucket is not valid.", fields: ["BucketName": bucket])
    }
}
