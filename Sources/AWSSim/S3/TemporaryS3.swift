import GRDB
enum S3Schema { static func register(in migrator: inout DatabaseMigrator) {} }
public final class SimulatedS3 { init(context: ServiceContext) {} }
