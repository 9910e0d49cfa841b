import AWSPorts
import Foundation
import GitWorkspace
import SimKernel
import Simulation
import Testing
import Worker

/// Task 05, scenario 1: a single session with two commands, checked against the remote, the bucket and the
/// log group.
@Suite("Task 05 scenario 1: basic session flow")
struct BasicSessionFlowTests {
    @Test func theFirstCommandBranchesCommitsBuildsDeploysAndPushes() throws {
        let world = try AmeliaWorld()
        try world.startClaimedWorker()
        try world.send("session1_msg1")
        world.runUntilResponses(1)

        // Branch thread-aaa created, with the change committed and pushed.
        let commits = try world.remoteCommits(on: "thread-aaa")
        let main = try world.remoteCommits(on: "main")
        #expect(commits.count == main.count + 1)
        let head = try #require(commits.first)
        #expect(head.subject == "Add a welcome message to the homepage (index.astro) […aaa-111]")
        #expect(head.message.contains("Session: session-aaa-111\nCommand: cmd-001\nUser: test-user-1\n"))
        #expect(head.authorName == "WebOrdinary Container")
        #expect(head.parents == [main[0].id])
        #expect(try world.remoteFile("src/pages/index.astro", on: "thread-aaa")?.contains("class=\"welcome\"") == true)
        #expect(try world.remoteFile("src/pages/index.astro", on: "main")?.contains("class=\"welcome\"") == false, "main is untouched")

        // The site at edit.amelia.webordinary.com shows it.
        let index = try #require(world.bucketObject("index.html"))
        #expect(String(decoding: index.body, as: UTF8.self).contains("Welcome to Amelia Stamps!"))
        #expect(index.metadata.contentType == "text/html")
        let website = try world.run.aws.s3.websiteRequest(bucket: world.amelia.endpoints.bucket, path: "/", head: false)
        #expect(website.status == 200)
        #expect(String(decoding: website.body, as: UTF8.self).contains("Welcome to Amelia Stamps!"))
        #expect(world.bucketKeys() == ["404.html", "about/index.html", "contact/index.html", "favicon.svg", "index.html", "styles.css"])

        // The log lines SPEC names, each findable by session.
        #expect(world.logMessages("\"S3 sync complete\" \"session-aaa-111\"") == ["S3 sync complete: 6 uploaded, 0 deleted"])
        #expect(world.logMessages("\"Starting Astro build\" \"cmd-001\"").count == 1)
        #expect(world.logMessages("\"Build complete in\" \"session-aaa-111\"").count == 1)
        #expect(world.logMessages("\"Git push complete\" \"session-aaa-111\"").count == 1)
        #expect(world.logMessages("\"Processing complete\" \"cmd-001\"").count == 1)
        #expect(world.logEvents("{ $.commandId = \"cmd-001\" && $.message = \"Processing complete\" }").count == 1)

        // The session row and the input queue.
        let row = try #require(world.sessionRow("session-aaa-111"))
        #expect(row["lastCommit"] == .s(head.id))
        #expect(row["previewUrl"] == .s("https://edit.amelia.webordinary.com/session/thread-aaa/"))
        #expect(row["completedCommands"] == .ss(["cmd-001"]))
        let attributes = try world.run.aws.sqs.getQueueAttributes(queueUrl: world.amelia.endpoints.inputQueueURL, attributeNames: ["All"])
        #expect(attributes["ApproximateNumberOfMessages"] == "0")
        #expect(attributes["ApproximateNumberOfMessagesNotVisible"] == "0", "the message is deleted once processed")

        let response = try #require(world.response(for: "cmd-001"))
        #expect(response["success"] == .bool(true))
        #expect(response["commitSha"] == .string(head.id))
    }

    @Test func aFollowUpStaysOnTheBranchWithCumulativeChanges() throws {
        let world = try AmeliaWorld()
        try world.startClaimedWorker()
        try world.send("session1_msg1")
        world.runUntilResponses(1)
        let first = try #require(try world.remoteCommits(on: "thread-aaa").first)
        try world.send("session1_msg2")
        world.runUntilResponses(2)

        let commits = try world.remoteCommits(on: "thread-aaa")
        #expect(commits[0].subject == "Change the welcome message color to blue (index.astro) […aaa-111]")
        #expect(commits[0].parents == [first.id], "the new commit sits on the first one")
        #expect(try world.remote().branches().keys.sorted() == ["main", "thread-aaa"])
        let index = try #require(world.bucketText("index.html"))
        #expect(index.contains("<p class=\"welcome\" style=\"color: blue\">Welcome to Amelia Stamps!"))
        #expect(world.logMessages("\"Already on thread-aaa\" \"cmd-003\"").count == 1)
        #expect(world.logMessages("\"S3 sync complete\" \"cmd-003\"") == ["S3 sync complete: 1 uploaded, 0 deleted"])
    }
}
