import Testing
@testable import Worker

@Suite("The worker's long poll")
struct LongPollTests {
    /// The wait SQS is asked for and the wake-up the worker schedules use the same whole seconds, within SQS's 0 to
    /// 20: a sub-second or oversized setting cannot make them disagree or make SQS refuse the receive.
    @Test(arguments: [(1_500, 1), (20_000, 20), (0, 0), (60_000, 20), (900, 0)])
    func theWaitIsWholeSecondsWithinSQSsRange(_ milliseconds: Int, _ seconds: Int) {
        var configuration = WorkerConfiguration(containerId: "c", taskArn: "arn", unclaimedQueueURL: "q")
        configuration.longPoll = .milliseconds(milliseconds)
        #expect(configuration.longPollWaitSeconds == seconds)
    }
}
