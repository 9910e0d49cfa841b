import AWSPorts
import SimKernel

/// Options of the simulated services; the defaults follow AWS.
public struct SimulatedAWSOptions: Sendable {
    public var latency: LatencyModel
    public var sqs: SQSOptions
    public var dynamodb: DynamoDBOptions
    public var ecs: ECSOptions

    public init(
        latency: LatencyModel = .realistic, sqs: SQSOptions = .init(), dynamodb: DynamoDBOptions = .init(),
        ecs: ECSOptions = .init()
    ) {
        self.latency = latency
        self.sqs = sqs
        self.dynamodb = dynamodb
        self.ecs = ecs
    }
}

/// The simulated AWS account: SQS, S3, DynamoDB, CloudWatch Logs and ECS over one SQLite database, on the
/// simulation's scheduler, with one fault seam in front of every call.
public final class SimulatedAWS {
    public let database: SimDatabase
    public let scheduler: Scheduler
    public let account: AWSAccount
    /// Every service call passes through this seam; set its interceptor to inject faults.
    public let seam: FaultSeam
    /// Simulated time each caller spent waiting on calls.
    public let latency: CallLatencyLedger
    /// Every event the services record, folded into the run's digest.
    public let trace: TraceRecorder

    public let sqs: SimulatedSQS
    public let s3: SimulatedS3
    public let dynamodb: SimulatedDynamoDB
    public let logs: SimulatedLogs
    public let ecs: SimulatedECS
    /// The edit pipeline's Application Load Balancer (`webordinary-edit-alb`).
    public let loadBalancer: SimulatedLoadBalancer

    public init(
        database: SimDatabase, scheduler: Scheduler, seed: UInt64, account: AWSAccount = .default,
        options: SimulatedAWSOptions = .init(), trace: TraceRecorder = TraceRecorder()
    ) {
        self.database = database
        self.scheduler = scheduler
        self.account = account
        self.seam = FaultSeam()
        self.latency = CallLatencyLedger()
        self.trace = trace
        database.committedEventHandler = { [trace] event in trace.record(event) }
        let random = SeededGenerator(seed: seed).derive("aws")
        let context = ServiceContext(
            database: database, scheduler: scheduler, account: account, seam: seam, latency: latency,
            latencyModel: options.latency, random: random)
        sqs = SimulatedSQS(context: context, options: options.sqs)
        s3 = SimulatedS3(context: context)
        dynamodb = SimulatedDynamoDB(context: context, options: options.dynamodb)
        logs = SimulatedLogs(context: context)
        ecs = SimulatedECS(context: context, options: options.ecs)
        loadBalancer = SimulatedLoadBalancer(context: context, name: "webordinary-edit-alb")
    }
}
