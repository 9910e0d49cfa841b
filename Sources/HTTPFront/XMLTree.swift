/// A small XML reader for the documents S3 requests carry (`Delete`, `CompleteMultipartUpload`,
/// `WebsiteConfiguration`, `CreateBucketConfiguration`): elements, attributes, text, CDATA, comments and the five
/// predefined and numeric character references. It refuses DOCTYPEs, so no entity of a hostile body can expand;
/// written here rather than on libxml2 for that reason, and so the static build needs no libxml2.
struct XMLElement: Equatable {
    /// The local name (a namespace prefix is dropped: S3 reads `<Delete>` and `<s3:Delete>` alike).
    var name: String
    var children: [XMLElement] = []
    var text = ""

    func child(_ name: String) -> XMLElement? { children.first { $0.name == name } }
    func all(_ name: String) -> [XMLElement] { children.filter { $0.name == name } }
    /// The text of a child element, if the child exists.
    func value(_ name: String) -> String? { child(name)?.text }
}

struct XMLReadError: Error, CustomStringConvertible {
    let description: String
}

enum XMLTree {
    static let maximumDepth = 32

    /// The document's root element.
    static func parse(_ bytes: [UInt8]) throws(XMLReadError) -> XMLElement {
        var reader = Reader(bytes: bytes)
        return try reader.document()
    }

    private struct Reader {
        let bytes: [UInt8]
        var at = 0

        init(bytes: [UInt8]) {
            self.bytes = bytes
            // A UTF-8 byte order mark.
            if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { at = 3 }
        }

        mutating func document() throws(XMLReadError) -> XMLElement {
            try skipMisc()
            guard peek("<") else { throw fail("the body is not an XML document") }
            let root = try element(depth: 0)
            try skipMisc()
            guard at == bytes.count else { throw fail("content after the root element") }
            return root
        }

        /// Whitespace, the XML declaration, processing instructions and comments.
        mutating func skipMisc() throws(XMLReadError) {
            while true {
                skipSpace()
                if peek("<?") {
                    try skip(past: "?>")
                } else if peek("<!--") {
                    try skip(past: "-->")
                } else if peek("<!") {
                    throw fail("DOCTYPE declarations are not accepted")
                } else {
                    return
                }
            }
        }

        mutating func element(depth: Int) throws(XMLReadError) -> XMLElement {
            guard depth < XMLTree.maximumDepth else { throw fail("elements nested deeper than \(XMLTree.maximumDepth)") }
            at += 1  // <
            let qualified = name()
            guard !qualified.isEmpty else { throw fail("an element without a name") }
            var element = XMLElement(name: String(qualified.split(separator: ":").last ?? Substring(qualified)))
            // Attributes are read and dropped (only xmlns appears in these documents).
            while true {
                skipSpace()
                if peek("/>") { at += 2; return element }
                if peek(">") { at += 1; break }
                guard !name().isEmpty else { throw fail("a malformed attribute in <\(qualified)>") }
                skipSpace()
                guard peek("=") else { throw fail("an attribute without a value in <\(qualified)>") }
                at += 1
                skipSpace()
                guard at < bytes.count, bytes[at] == UInt8(ascii: "\"") || bytes[at] == UInt8(ascii: "'") else {
                    throw fail("an unquoted attribute value in <\(qualified)>")
                }
                let quote = bytes[at]
                at += 1
                while at < bytes.count, bytes[at] != quote { at += 1 }
                guard at < bytes.count else { throw fail("an unterminated attribute value") }
                at += 1
            }
            var text: [UInt8] = []
            while true {
                guard at < bytes.count else { throw fail("<\(qualified)> is not closed") }
                if peek("</") {
                    at += 2
                    let closing = name()
                    guard closing == qualified else { throw fail("</\(closing)> closes <\(qualified)>") }
                    skipSpace()
                    guard peek(">") else { throw fail("a malformed closing tag </\(closing)") }
                    at += 1
                    element.text = String(decoding: text, as: UTF8.self)
                    return element
                } else if peek("<![CDATA[") {
                    at += 9
                    let start = at
                    try skip(past: "]]>")
                    text += bytes[start..<(at - 3)]
                } else if peek("<!--") {
                    try skip(past: "-->")
                } else if peek("<?") {
                    try skip(past: "?>")
                } else if peek("<!") {
                    throw fail("DOCTYPE declarations are not accepted")
                } else if peek("<") {
                    element.children.append(try self.element(depth: depth + 1))
                } else if peek("&") {
                    text += try reference()
                } else {
                    text.append(bytes[at])
                    at += 1
                }
            }
        }

        mutating func reference() throws(XMLReadError) -> [UInt8] {
            let start = at
            while at < bytes.count, bytes[at] != UInt8(ascii: ";"), at - start < 12 { at += 1 }
            guard at < bytes.count, bytes[at] == UInt8(ascii: ";") else { throw fail("an unterminated character reference") }
            let body = String(decoding: bytes[(start + 1)..<at], as: UTF8.self)
            at += 1
            switch body {
            case "amp": return Array("&".utf8)
            case "lt": return Array("<".utf8)
            case "gt": return Array(">".utf8)
            case "quot": return Array("\"".utf8)
            case "apos": return Array("'".utf8)
            default:
                let number: UInt32?
                if body.hasPrefix("#x") { number = UInt32(body.dropFirst(2), radix: 16) }
                else if body.hasPrefix("#") { number = UInt32(body.dropFirst(), radix: 10) }
                else { throw fail("the entity &\(body); is not defined") }
                guard let number, let scalar = Unicode.Scalar(number) else { throw fail("&\(body); is not a character") }
                return Array(String(Character(scalar)).utf8)
            }
        }

        mutating func name() -> String {
            let start = at
            while at < bytes.count {
                let byte = bytes[at]
                let isNameByte = byte >= 0x80 || (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A)
                    || (byte >= 0x61 && byte <= 0x7A) || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
                    || byte == UInt8(ascii: ".") || byte == UInt8(ascii: ":")
                guard isNameByte else { break }
                at += 1
            }
            return String(decoding: bytes[start..<at], as: UTF8.self)
        }

        mutating func skipSpace() {
            while at < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[at]) { at += 1 }
        }

        func peek(_ text: StaticString) -> Bool {
            let count = text.utf8CodeUnitCount
            guard at + count <= bytes.count else { return false }
            return text.withUTF8Buffer { buffer in
                for index in 0..<count where bytes[at + index] != buffer[index] { return false }
                return true
            }
        }

        mutating func skip(past terminator: StaticString) throws(XMLReadError) {
            while at < bytes.count {
                if peek(terminator) {
                    at += terminator.utf8CodeUnitCount
                    return
                }
                at += 1
            }
            throw fail("an unterminated \(terminator) section")
        }

        func fail(_ reason: String) -> XMLReadError { XMLReadError(description: "\(reason) (at byte \(at))") }
    }
}
