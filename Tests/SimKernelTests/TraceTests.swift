import SimKernel
import Testing

@Suite("Trace digest and canonical JSON")
struct TraceTests {
    @Test func digestDependsOnEveryEventAndItsOrder() {
        var a = TraceDigest()
        var b = TraceDigest()
        var c = TraceDigest()
        for line in ["one", "two", "three"] {
            a.record(line)
            b.record(line)
        }
        for line in ["one", "three", "two"] { c.record(line) }
        #expect(a == b)
        #expect(a != c)
        #expect(a.hex.count == 16)
        var d = b
        d.record("four")
        #expect(d != b)
    }

    @Test func anEventFoldsLikeItsLine() {
        let event = TraceEvent(instant: .defaultSimulationStart, source: "sqs", operation: "SendMessage", keysJSON: #"{"queue":"q"}"#)
        #expect(event.line == #"{"at":"2025-08-15T00:00:00.000Z","keys":{"queue":"q"},"op":"SendMessage","service":"sqs"}"#)
        var byEvent = TraceDigest()
        var byLine = TraceDigest()
        byEvent.record(event)
        byLine.record(event.line)
        #expect(byEvent == byLine)
        var lines: [String] = []
        let recorder = TraceRecorder { lines.append($0) }
        recorder.record(event)
        #expect(lines == [event.line] && recorder.digest == byEvent)
    }

    @Test func canonicalJSONSortsKeysByBytesAndKeepsNumberText() throws {
        let value = try JSONValue.parse(#" {"b": [1, 2.50, -3e2], "a": {"z": null, "é": true, "y": "line\nbreak \"q\""}} "#)
        #expect(value.canonicalText == #"{"a":{"y":"line\nbreak \"q\"","z":null,"é":true},"b":[1,2.50,-3e2]}"#)
        #expect(try JSONValue.parse(value.canonicalText) == value)
        #expect(try JSONValue.parse(#""\u00e9\ud83d\ude00""#) == .string("é😀"))
        #expect(JSONValue.canonicalObject(["b": "2", "a": "1"]) == #"{"a":"1","b":"2"}"#)
    }

    @Test(arguments: ["", "{", "[1,]", #"{"a" 1}"#, "01", "1 2", #""\x""#, "tru", #"{"a":1}x"#])
    func invalidJSONNamesTheOffset(_ text: String) {
        #expect(throws: JSONParseError.self) { try JSONValue.parse(text) }
    }
}
