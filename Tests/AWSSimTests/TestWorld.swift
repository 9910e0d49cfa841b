import AWSPorts
import AWSSim
import Foundation
import SimKernel
import Testing

/// A fresh simulated account on an in-memory database with a fixed seed; every test makes its own.
struct TestWorld {
    let scheduler: Scheduler
    let aws: SimulatedAWS

    init(
        seed: UInt64 = 42, latency: LatencyModel = .zero, sqs: SQSOptions = SQSOptions(shortPoll: .allAvailable),
        dynamodb: DynamoDBOptions = DynamoDBOptions(), ecs: ECSOptions = ECSOptions()
    ) throws {
        scheduler = Scheduler()
        aws = SimulatedAWS(
            database: try SimDatabase.inMemory(), scheduler: scheduler, seed: seed,
            options: SimulatedAWSOptions(latency: latency, sqs: sqs, dynamodb: dynamodb, ecs: ecs))
    }

    var sqs: SimulatedSQS { aws.sqs }
    var now: Instant { scheduler.now }

    /// Moves simulated time forward, running every timer on the way.
    func advance(_ duration: Duration) {
        scheduler.advance(by: duration)
    }

    /// Rows of the event log, oldest first, as (operation, keys JSON).
    func events(service: String) throws -> [(operation: String, keys: String)] {
        try aws.database.eventLog(service: service).map { ($0.operation, $0.keys) }
    }
}

/// Runs `body` and returns the AWS error it throws; records an issue if it does not throw.
func expectAWSError(
    _ code: String, sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> Void
) -> AWSError? {
    do {
        try body()
        Issue.record("expected \(code), but the call succeeded", sourceLocation: sourceLocation)
        return nil
    } catch let error as AWSError {
        #expect(error.code == code, "got \(error)", sourceLocation: sourceLocation)
        return error
    } catch {
        Issue.record("expected AWSError \(code), got \(error)", sourceLocation: sourceLocation)
        return nil
    }
}
