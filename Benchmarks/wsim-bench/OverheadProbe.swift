import AWSPorts
import AWSSim
import GRDB

/// Fixed costs under the services: an empty write transaction, through wsim and through GRDB.
enum OverheadProbe {
    static func emptyWrites(operations: Int, repetitions: Int) throws -> [Measurement] {
        let database = try SimDatabase.inMemory()
        let wsim = try measure("SimDatabase.write {}", operations: operations, repetitions: repetitions) {
            for _ in 0..<operations { try database.write { _ in } }
        }
        let queue = try DatabaseQueue()
        let grdbWrite = try measure("GRDB DatabaseQueue.write {}", operations: operations, repetitions: repetitions) {
            for _ in 0..<operations { try queue.write { _ in } }
        }
        let grdbBare = try measure("GRDB inDatabase {}", operations: operations, repetitions: repetitions) {
            for _ in 0..<operations { queue.inDatabase { _ in } }
        }
        let aws = ServiceBenchmarks.makeAWS(try SimDatabase.inMemory())
        _ = try aws.sqs.createQueue(CreateQueueRequest(queueName: "probe"))
        let getURL = try measure("SQS GetQueueUrl (read-only call)", operations: operations, repetitions: repetitions) {
            for _ in 0..<operations { _ = try aws.sqs.getQueueUrl(queueName: "probe") }
        }
        return [wsim, grdbWrite, grdbBare, getURL]
    }
}
