import AWSPorts
import AWSSim
import Foundation
import GitWorkspace
import SimKernel
import Worker

/// Creates a seed set's world in the simulated account and on disk: queues (with the DLQ redrive), tables,
/// log groups, website buckets, and a bare remote per site seeded from its starter files at `instant`.
public enum WorldBuilder {
    /// A site's DLQ takes a message after this many receives (SPEC section 1).
    public static let maxReceiveCount = 3

    /// `siteKeys` limits the sites built (a scenario builds only the sites it uses); nil builds them all.
    public static func build(
        seedSet: SeedSet, aws: SimulatedAWS, runDirectory: URL, at instant: Instant, siteKeys: Set<String>? = nil
    ) throws -> World {
        let github = runDirectory.appendingPathComponent("github/webordinary")
        try FileManager.default.createDirectory(at: github, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: runDirectory.appendingPathComponent("efs"), withIntermediateDirectories: true)
        let unclaimed = try aws.sqs.createQueue(CreateQueueRequest(queueName: WorldNames.unclaimedQueue))
        for table in [
            (WorldNames.sessionsTable, "sessionId", nil), (WorldNames.containersTable, "containerId", nil),
            (WorldNames.ownershipTable, "siteKey", nil), (WorldNames.commandsTable, "sessionId", "commandId"),
            (WorldNames.branchesTable, "siteKey", "branch"),
        ] {
            _ = try aws.dynamodb.createTable(.stringKeyed(table.0, hashKey: table.1, rangeKey: table.2))
        }
        try aws.dynamodb.updateTimeToLive(tableName: WorldNames.ownershipTable, attributeName: "ttl", enabled: true)
        try aws.logs.createLogGroup(WorldNames.editLogGroup)
        try aws.logs.createLogGroup(WorldNames.hermesLogGroup)
        _ = try aws.ecs.createCluster(WorldNames.cluster)
        for (family, service) in [(WorldNames.editTaskFamily, WorldNames.editService), (WorldNames.hermesTaskFamily, WorldNames.hermesService)] {
            _ = try aws.ecs.registerTaskDefinition(family: family, containerDefinitions: [
                ContainerDefinition(name: family.replacingOccurrences(of: "webordinary-", with: "") + "-container", image: "webordinary/\(family):latest"),
            ])
            _ = try aws.ecs.createService(CreateServiceRequest(cluster: WorldNames.cluster, serviceName: service, taskDefinition: family, desiredCount: 0))
        }
        var sites: [WorldSite] = []
        var createdBuckets: Set<String> = []
        for site in seedSet.sites where siteKeys?.contains(site.siteKey) ?? true {
            let dlq = try aws.sqs.createQueue(CreateQueueRequest(queueName: WorldNames.deadLetterQueue(site), attributes: [
                "MessageRetentionPeriod": "1209600",
            ]))
            let redrive = JSONValue.object([
                "deadLetterTargetArn": .string(aws.account.sqsQueueARN(WorldNames.deadLetterQueue(site))),
                "maxReceiveCount": .number(String(maxReceiveCount)),
            ]).canonicalText
            let input = try aws.sqs.createQueue(CreateQueueRequest(queueName: WorldNames.inputQueue(site), attributes: [
                "RedrivePolicy": redrive, "VisibilityTimeout": "60",
            ]))
            let output = try aws.sqs.createQueue(CreateQueueRequest(queueName: WorldNames.outputQueue(site)))
            let bucket = WorldNames.bucket(site)
            if site.hasBucket && !createdBuckets.contains(bucket) {
                try aws.s3.createBucket(bucket)
                try aws.s3.putBucketWebsite(bucket: bucket, configuration: WebsiteConfiguration(
                    indexDocumentSuffix: "index.html", errorDocumentKey: "404.html"))
                createdBuckets.insert(bucket)
            }
            let remotePath = github.appendingPathComponent(WorldNames.repository(site)).path
            _ = try BareRemote.create(
                at: remotePath, files: try seedSet.starterFiles(site), author: .container, at: instant,
                message: "Initial \(site.siteName) site\n")
            let endpoints = SiteEndpoints(
                clientId: site.clientId, projectId: site.projectId, inputQueueURL: input, outputQueueURL: output,
                deadLetterQueueURL: dlq, bucket: bucket, remoteURL: WorldNames.remoteURL(site),
                workspacePath: runDirectory.appendingPathComponent("efs/" + WorldNames.workspace(site)).path,
                previewHost: "edit.\(site.clientId).webordinary.com")
            sites.append(WorldSite(seedSite: site, endpoints: endpoints, remotePath: remotePath))
        }
        let rewrites = RemoteURLRewrites([WorldNames.gitHubOrganisation: github.path + "/"])
        return World(seedSet: seedSet, runDirectory: runDirectory, sites: sites, unclaimedQueueURL: unclaimed, rewrites: rewrites)
    }
}
