import GRDB
enum DynamoDBSchema { static func register(in migrator: inout DatabaseMigrator) {} }
public final class SimulatedDynamoDB { init(context: ServiceContext, options: DynamoDBOptions) {} }
public struct DynamoDBOptions: Sendable { public init() {} }
