import Foundation

/// One clear line for an error, for people: what failed and on which file, not a raw `NSCocoaErrorDomain`
/// dump with its user-info dictionary.
public enum ErrorText {
    public static func line(_ error: any Error) -> String {
        let bridged = error is CocoaError || error is POSIXError || type(of: error) == NSError.self
        if !bridged { return flatten(String(describing: error)) }
        let ns = error as NSError
        let path = (ns.userInfo[NSFilePathErrorKey] as? String) ?? (ns.userInfo[NSURLErrorKey] as? URL)?.path
        var reason: String
        if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain,
            let text = strerror(Int32(underlying.code))
        {
            reason = String(cString: text)
        } else if ns.domain == NSPOSIXErrorDomain, let text = strerror(Int32(ns.code)) {
            reason = String(cString: text)
        } else {
            reason = cocoaReason(ns) ?? ns.localizedDescription
        }
        reason = flatten(reason)
        return path.map { "\($0): \(reason)" } ?? reason
    }

    static func cocoaReason(_ error: NSError) -> String? {
        guard error.domain == NSCocoaErrorDomain else { return nil }
        switch CocoaError.Code(rawValue: error.code) {
        case .fileNoSuchFile, .fileReadNoSuchFile: return "No such file or directory"
        case .fileWriteNoPermission, .fileReadNoPermission: return "Permission denied"
        case .fileWriteOutOfSpace: return "No space left on device"
        case .fileWriteVolumeReadOnly: return "Read-only file system"
        case .fileWriteFileExists: return "File exists"
        default: return nil
        }
    }

    /// Control characters (newlines included) become spaces, so the text stays one line.
    static func flatten(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7f ? " " : $0 }))
    }
}
