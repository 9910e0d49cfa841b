import AWSPorts
import AWSSim
import Foundation
import Testing

@testable import HTTPFront

@Suite("S3 wire pieces: XML reading, checksums, aws-chunked bodies")
struct S3PiecesTests {
    @Test func xmlDocumentsAreRead() throws {
        let text = """
            <?xml version="1.0" encoding="UTF-8"?>
            <!-- a comment -->
            <Delete xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Quiet>true</Quiet>
              <Object><Key>a &amp; b &lt;c&gt; &#x65E5;&#26412;</Key></Object>
              <s3:Object><Key><![CDATA[raw <key>]]></Key></s3:Object>
            </Delete>
            """
        let root = try XMLTree.parse(Array(text.utf8))
        #expect(root.name == "Delete")
        #expect(root.all("Object").map { $0.value("Key") } == ["a & b <c> 日本", "raw <key>"])
        #expect(root.value("Quiet") == "true")
    }

    @Test(arguments: [
        "<!DOCTYPE x [<!ENTITY a \"aaaa\">]><x>&a;</x>", "<x>&undefined;</x>", "<x><y></x>", "<x>", "", "text",
        "<x></x><y></y>", "<x a=b></x>", "<x>&#xFFFFFFFF;</x>", String(repeating: "<a>", count: 40) + String(repeating: "</a>", count: 40),
    ])
    func malformedOrHostileXMLIsRefused(_ text: String) {
        #expect(throws: XMLReadError.self) { try XMLTree.parse(Array(text.utf8)) }
    }

    @Test func crcsMatchTheirReferenceCheckValues() {
        let check = Data("123456789".utf8)
        #expect(Checksums.crc32(check) == 0xCBF4_3926)
        #expect(Checksums.crc32c(check) == 0xE306_9283)
        #expect(Checksums.crc64nvme(check) == 0xAE8B_1486_0A79_9888)
        #expect(Checksums.base64(Checksums.crc32(Data("hello".utf8))) == "NhCmhg==")
    }

    @Test func awsChunkedBodiesAreDecodedWithTrailers() throws {
        let framed = Data("5;chunk-signature=abc\r\nhello\r\n6\r\n world\r\n0\r\nx-amz-checksum-crc32: DUoRhQ==\r\n\r\n".utf8)
        let (body, trailers) = try AWSChunked.decode(framed)
        #expect(String(decoding: body, as: UTF8.self) == "hello world")
        #expect(trailers == ["x-amz-checksum-crc32": "DUoRhQ=="])
        for broken in ["5\r\nhel", "zz\r\nhello\r\n0\r\n\r\n", "5\r\nhelloXX0\r\n\r\n", "ffffffffffffffff\r\nx\r\n", "-1\r\n"] {
            #expect(throws: AWSError.self, "\(broken)") { try AWSChunked.decode(Data(broken.utf8)) }
        }
    }

    @Test func payloadChecksAcceptTheRightValueAndRefuseTheWrong() throws {
        let body = Data("payload".utf8)
        let right = WireRequest(method: "PUT", target: "/b/k", headers: ["x-amz-checksum-crc32c": Checksums.base64(Checksums.crc32c(body))], body: body)
        #expect(try S3Payload.read(right).checksums.map(\.name) == ["x-amz-checksum-crc32c"])
        let wrong = WireRequest(method: "PUT", target: "/b/k", headers: ["x-amz-checksum-crc64nvme": "AAAAAAAAAAA="], body: body)
        #expect(throws: AWSError.self) { try S3Payload.read(wrong) }
    }

    @Test func httpDatesAreRead() {
        #expect(HTTPDate.parse("Sun, 06 Nov 1994 08:49:37 GMT")?.iso8601 == "1994-11-06T08:49:37.000Z")
        #expect(HTTPDate.parse("yesterday") == nil)
    }

    @Test func listingKeysArePercentEncoded() {
        #expect(KeyEncoding.percentEncoded("a b+c/ü?") == "a%20b%2Bc/%C3%BC%3F")
        #expect(KeyEncoding.percentEncoded("/x/y", keepLeadingSlash: false) == "%2Fx/y")
    }
}

@Suite("The live-reload script of previews on the socket")
struct LiveReloadScriptTests {
    @Test func onlySafeThreadsOfPreviewPathsGetTheScript() {
        #expect(LiveReloadScript.thread(ofPreviewPath: "/session/thread-aaa/about/?x=1") == "thread-aaa")
        #expect(LiveReloadScript.thread(ofPreviewPath: "/session/thread-aaa") == "thread-aaa")
        for unsafe in ["/session/a\"b/", "/session/<x>/", "/session//", "/api/sessions", "/session/%22/", "/sessions/x/"] {
            #expect(LiveReloadScript.thread(ofPreviewPath: unsafe) == nil, "\(unsafe)")
        }
    }

    @Test func theScriptGoesBeforeTheLastBodyEnd() {
        let page = LiveReloadScript.inject(into: Data("<html><body><p>x</p></BODY></html>".utf8), thread: "t1")
        let text = String(decoding: page, as: UTF8.self)
        #expect(text.hasPrefix("<html><body><p>x</p><script>"))
        #expect(text.hasSuffix("</script></BODY></html>"))
        #expect(text.contains("\"/session/t1/_hmr\""))
        #expect(String(decoding: LiveReloadScript.inject(into: Data("plain".utf8), thread: "t1"), as: UTF8.self).hasPrefix("plain<script>"))
    }
}
