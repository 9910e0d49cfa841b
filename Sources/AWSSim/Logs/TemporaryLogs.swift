import GRDB
enum LogsSchema { static func register(in migrator: inout DatabaseMigrator) {} }
public final class SimulatedLogs { init(context: ServiceContext) {} }
