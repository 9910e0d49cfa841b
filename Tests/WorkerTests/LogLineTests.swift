import Testing
import Worker

@Suite("The log lines other code reads")
struct LogLineTests {
    @Test func anInterruptionLineReadsBackItsCommandAndSession() throws {
        let line = LogLine.interruption(byCommand: "cmd-002", session: "session-bbb-222", stopping: "Claude")
        #expect(line == "Interrupted by command cmd-002 of session session-bbb-222; stopping Claude")
        let read = try #require(LogLine.interruptingCommand(in: line))
        #expect(read.command == "cmd-002" && read.session == "session-bbb-222")
        #expect(LogLine.interruptingCommand(in: "Interrupted by command x") == nil)
        #expect(LogLine.interruptingCommand(in: "Processing complete") == nil)
    }
}
