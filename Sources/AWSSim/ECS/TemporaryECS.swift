import GRDB
enum ECSSchema { static func register(in migrator: inout DatabaseMigrator) {} }
public final class SimulatedECS { init(context: ServiceContext, options: ECSOptions) {} }
public struct ECSOptions: Sendable { public init() {} }
