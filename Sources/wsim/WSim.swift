import ArgumentParser
import Simulation

/// The wsim command line. Scenario runs (`wsim list`, `wsim run`) arrive with the simulation issue.
@main
struct WSim: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wsim",
        abstract: "Deterministic simulator of the WebOrdinary edit pipeline: SQS, S3, DynamoDB, CloudWatch Logs and ECS on simulated time.",
        discussion: """
            The simulated AWS services run in process over one SQLite database per run, on simulated time, with \
            faults injected through one seam. The same seed gives the same run, byte for byte.
            """,
        version: SimulationVersion.summary)
}
