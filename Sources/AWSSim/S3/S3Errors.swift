import AWSPorts

/// S3 errors with the codes, messages and statuses S3 returns.
enum S3Errors {
    static func noSuchBucket(_ bucket: String) -> AWSError {
        AWSError(
            code: "NoSuchBucket", message: "The specified bucket does not exist", httpStatus: 404,
            fields: ["BucketName": bucket])
    }

    static func noSuchKey(_ bucket: String, _ key: String) -> AWSError {
        AWSError(
            code: "NoSuchKey", message: "The specified key does not exist.", httpStatus: 404,
            fields: ["BucketName": bucket, "Key": key])
    }

    /// HEAD responses carry no body, so clients only see the status (botocore reports code "404").
    static func notFound() -> AWSError {
        AWSError(code: "NotFound", message: "Not Found", httpStatus: 404)
    }

    static func invalidBucketName(_ bucket: String) -> AWSError {
        AWSError(code: "InvalidBucketName", message: "The specified bucket is not valid.", fields: ["BucketName": bucket])
    }

    static func bucketAlreadyOwnedByYou(_ bucket: String) -> AWSError {
        AWSError(
            code: "BucketAlreadyOwnedByYou",
            message: "Your previous request to create the named bucket succeeded and you already own it.",
            httpStatus: 409, fields: ["BucketName": bucket])
    }

    static func bucketNotEmpty(_ bucket: String) -> AWSError {
        AWSError(
            code: "BucketNotEmpty", message: "The bucket you tried to delete is not empty", httpStatus: 409,
            fields: ["BucketName": bucket])
    }

    static func keyTooLong() -> AWSError {
        AWSError(code: "KeyTooLongError", message: "Your key is too long")
    }

    static func invalidArgument(_ message: String, name: String? = nil, value: String? = nil) -> AWSError {
        var fields: [String: String] = [:]
        if let name { fields["ArgumentName"] = name }
        if let value { fields["ArgumentValue"] = value }
        return AWSError(code: "InvalidArgument", message: message, fields: fields)
    }

    static func invalidRequest(_ message: String) -> AWSError {
        AWSError(code: "InvalidRequest", message: message)
    }

    static func malformedXML() -> AWSError {
        AWSError(
            code: "MalformedXML",
            message: "The XML you provided was not well-formed or did not validate against our published schema")
    }

    static func invalidRange(size: Int, requested: String) -> AWSError {
        AWSError(
            code: "InvalidRange", message: "The requested range is not satisfiable", httpStatus: 416,
            fields: ["RangeRequested": requested, "ActualObjectSize": String(size)])
    }

    static func preconditionFailed(_ condition: String) -> AWSError {
        AWSError(
            code: "PreconditionFailed", message: "At least one of the pre-conditions you specified did not hold",
            httpStatus: 412, fields: ["Condition": condition])
    }

    static func notModified() -> AWSError {
        AWSError(code: "NotModified", message: "Not Modified", httpStatus: 304, isSenderFault: true)
    }

    static func metadataTooLarge(_ size: Int) -> AWSError {
        AWSError(
            code: "MetadataTooLarge", message: "Your metadata headers exceed the maximum allowed metadata size.",
            fields: ["Size": String(size), "MaxSizeAllowed": "2048"])
    }

    static func noSuchWebsiteConfiguration(_ bucket: String) -> AWSError {
        AWSError(
            code: "NoSuchWebsiteConfiguration", message: "The specified bucket does not have a website configuration",
            httpStatus: 404, fields: ["BucketName": bucket])
    }

    static func noSuchUpload(_ uploadId: String) -> AWSError {
        AWSError(
            code: "NoSuchUpload",
            message: "The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.",
            httpStatus: 404, fields: ["UploadId": uploadId])
    }

    static func invalidPart(_ partNumber: Int, eTag: String) -> AWSError {
        AWSError(
            code: "InvalidPart",
            message: "One or more of the specified parts could not be found.  The part may not have been uploaded, or the specified entity tag may not match the part's entity tag.",
            fields: ["PartNumber": String(partNumber), "ETag": eTag])
    }

    static func invalidPartOrder() -> AWSError {
        AWSError(code: "InvalidPartOrder", message: "The list of parts was not in ascending order. Parts must be ordered by part number.")
    }

    static func entityTooSmall(partNumber: Int, size: Int) -> AWSError {
        AWSError(
            code: "EntityTooSmall", message: "Your proposed upload is smaller than the minimum allowed size",
            fields: ["PartNumber": String(partNumber), "ProposedSize": String(size), "MinSizeAllowed": "5242880"])
    }
}
