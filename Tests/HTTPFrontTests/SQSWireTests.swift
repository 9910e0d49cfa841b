import Foundation
@testable import HTTPFront
import SimKernel
import Testing

@Suite("SQS on the wire")
struct SQSWireTests {
    @Test func queueURLsPointBackAtTheServerAndARNsNameTheClientsRegion() async throws {
        var client = try WireClient.manual()
        client.region = "eu-west-1"
        let created = await client.sqs("CreateQueue", #"{"QueueName":"jobs"}"#)
        #expect(created.status == 200)
        #expect(created.header("content-type") == "application/x-amz-json-1.0")
        #expect(created.json["QueueUrl"]?.stringValue == "http://127.0.0.1:4566/123456789012/jobs")
        let attributes = await client.sqs("GetQueueAttributes", #"{"QueueUrl":"http://127.0.0.1:4566/123456789012/jobs","AttributeNames":["QueueArn"]}"#)
        #expect(attributes.json["Attributes"]?["QueueArn"]?.stringValue == "arn:aws:sqs:eu-west-1:123456789012:jobs")
        // Another region has its own queues.
        client.region = "us-east-1"
        let listed = await client.sqs("ListQueues", "{}")
        #expect(listed.json["QueueUrls"] == nil)
    }

    @Test func aMissingQueueIsTheModeledErrorWithTheLegacyCodeHeader() async throws {
        let client = try WireClient.manual()
        let response = await client.sqs("GetQueueUrl", #"{"QueueName":"nope"}"#)
        #expect(response.status == 400)
        #expect(response.header("x-amzn-query-error") == "AWS.SimpleQueueService.NonExistentQueue;Sender")
        #expect(response.json["__type"]?.stringValue == "com.amazonaws.sqs#QueueDoesNotExist")
        #expect(response.header("x-amzn-RequestId")?.count == 36)
    }

    @Test func sendAndReceiveKeepBodiesAttributesAndMD5s() async throws {
        let client = try WireClient.manual()
        _ = await client.sqs("CreateQueue", #"{"QueueName":"q"}"#)
        let url = "http://127.0.0.1:4566/123456789012/q"
        let sent = await client.sqs("SendMessage", #"{"QueueUrl":"\#(url)","MessageBody":"héllo","MessageAttributes":{"kind":{"DataType":"String","StringValue":"edit"},"blob":{"DataType":"Binary","BinaryValue":"AAEC"}}}"#)
        #expect(sent.status == 200)
        #expect(sent.json["MD5OfMessageBody"]?.stringValue == "be50e8478cf24ff3595bc7307fb91b50")
        let received = await client.sqs("ReceiveMessage", #"{"QueueUrl":"\#(url)","MessageAttributeNames":["All"],"MessageSystemAttributeNames":["ApproximateReceiveCount"]}"#)
        let message = try #require(received.json["Messages"]?.arrayValue?.first)
        #expect(message["Body"]?.stringValue == "héllo")
        #expect(message["MessageAttributes"]?["blob"]?["BinaryValue"]?.stringValue == "AAEC")
        #expect(message["Attributes"]?["ApproximateReceiveCount"]?.stringValue == "1")
        #expect(message["MD5OfMessageAttributes"] == sent.json["MD5OfMessageAttributes"])
    }

    @Test func theQueryProtocolAnswersInXMLWithTheSameBehaviour() async throws {
        let client = try WireClient.manual()
        let created = await client.query("Action=CreateQueue&QueueName=old&Attribute.1.Name=VisibilityTimeout&Attribute.1.Value=5&Version=2012-11-05")
        #expect(created.status == 200)
        #expect(created.bodyText.contains("<CreateQueueResult><QueueUrl>http://127.0.0.1:4566/123456789012/old</QueueUrl></CreateQueueResult>"))
        // Posted to the queue URL itself, without a QueueUrl parameter, as older SDKs do.
        let sent = await client.query("Action=SendMessage&MessageBody=a%26b&MessageAttribute.1.Name=n&MessageAttribute.1.Value.DataType=Number&MessageAttribute.1.Value.StringValue=7", path: "/123456789012/old")
        #expect(sent.bodyText.contains("<MD5OfMessageBody>"))
        let received = await client.query("Action=ReceiveMessage&QueueUrl=http%3A%2F%2F127.0.0.1%3A4566%2F123456789012%2Fold&MessageAttributeName.1=All&AttributeName.1=All")
        #expect(received.bodyText.contains("<Body>a&amp;b</Body>"))
        #expect(received.bodyText.contains("<Name>n</Name><Value><StringValue>7</StringValue><DataType>Number</DataType></Value>"))
        let attributes = await client.query("Action=GetQueueAttributes&QueueUrl=http%3A%2F%2F127.0.0.1%3A4566%2F123456789012%2Fold&AttributeName.1=VisibilityTimeout")
        #expect(attributes.bodyText.contains("<Attribute><Name>VisibilityTimeout</Name><Value>5</Value></Attribute>"))
        let missing = await client.query("Action=GetQueueUrl&QueueName=nope")
        #expect(missing.status == 400)
        #expect(missing.bodyText.contains("<Code>AWS.SimpleQueueService.NonExistentQueue</Code>"))
        #expect(missing.bodyText.contains("<ErrorResponse xmlns=\"http://queue.amazonaws.com/doc/2012-11-05/\">"))
        let unknown = await client.query("Action=Explode")
        #expect(unknown.bodyText.contains("<Code>InvalidAction</Code>"))
    }

    @Test func aLongPollWaitsOnSimulatedTimeAndReturnsWhenAMessageArrives() async throws {
        let client = try WireClient.manual()
        _ = await client.sqs("CreateQueue", #"{"QueueName":"lp"}"#)
        let url = "http://127.0.0.1:4566/123456789012/lp"
        let before = await client.host.now
        let poll = Task { await client.sqs("ReceiveMessage", #"{"QueueUrl":"\#(url)","WaitTimeSeconds":20}"#) }
        // The poll is parked until something happens on simulated time; a send wakes it.
        try await Self.waitUntil { await client.host.requestsServed >= 2 }
        _ = await client.sqs("SendMessage", #"{"QueueUrl":"\#(url)","MessageBody":"wake"}"#)
        let answer = await poll.value
        #expect(answer.json["Messages"]?.arrayValue?.first?["Body"]?.stringValue == "wake")
        #expect(await client.host.now == before)

        // An empty poll ends when the admin API moves time past its wait, with an empty answer.
        let empty = Task { await client.sqs("ReceiveMessage", #"{"QueueUrl":"\#(url)","WaitTimeSeconds":20}"#) }
        try await Self.waitUntil { await client.host.requestsServed >= 4 }
        let advanced = await client.admin("POST", "/clock/advance?by=20s")
        #expect(advanced.status == 200)
        let nothing = await empty.value
        #expect(nothing.status == 200)
        #expect(nothing.json == .object([:]))
        #expect(await client.host.now == before + .seconds(20))
    }

    /// Yields until `condition` holds; a bounded wait, so a broken host fails the test instead of hanging it.
    static func waitUntil(_ condition: () async -> Bool) async throws {
        for _ in 0..<100_000 {
            if await condition() { return }
            await Task.yield()
        }
        throw WaitTimedOut()
    }

    struct WaitTimedOut: Error {}

    /// A message in flight makes an empty poll look again when it would become visible; if it is deleted
    /// meanwhile, the poll still waits out its whole `WaitTimeSeconds`.
    @Test func aLongPollWaitsItsWholeTimeWhenTheMessageItWaitedForIsDeleted() async throws {
        let client = try WireClient.manual()
        _ = await client.sqs("CreateQueue", #"{"QueueName":"held"}"#)
        let url = "http://127.0.0.1:4566/123456789012/held"
        _ = await client.sqs("SendMessage", #"{"QueueUrl":"\#(url)","MessageBody":"x"}"#)
        let first = await client.sqs("ReceiveMessage", #"{"QueueUrl":"\#(url)","VisibilityTimeout":3}"#)
        let handle = try #require(first.json["Messages"]?.arrayValue?.first?["ReceiptHandle"]?.stringValue)
        let before = await client.host.now
        let poll = Task { await client.sqs("ReceiveMessage", #"{"QueueUrl":"\#(url)","WaitTimeSeconds":15}"#) }
        try await Self.waitUntil { await client.host.requestsServed >= 4 }
        _ = await client.sqs("DeleteMessage", #"{"QueueUrl":"\#(url)","ReceiptHandle":"\#(handle)"}"#)
        _ = await client.admin("POST", "/clock/advance?by=5s")
        _ = await client.admin("POST", "/clock/advance?by=10s")
        let answer = await poll.value
        #expect(answer.json == .object([:]))
        #expect(await client.host.now == before + .seconds(15))
    }

    @Test func batchesReportFailedEntriesAndDuplicateIds() async throws {
        let client = try WireClient.manual()
        _ = await client.sqs("CreateQueue", #"{"QueueName":"b"}"#)
        let url = "http://127.0.0.1:4566/123456789012/b"
        let duplicate = await client.sqs("SendMessageBatch", #"{"QueueUrl":"\#(url)","Entries":[{"Id":"a","MessageBody":"1"},{"Id":"a","MessageBody":"2"}]}"#)
        #expect(duplicate.status == 400)
        #expect(duplicate.header("x-amzn-query-error")?.hasPrefix("AWS.SimpleQueueService.BatchEntryIdsNotDistinct") == true)
        let deleted = await client.sqs("DeleteMessageBatch", #"{"QueueUrl":"\#(url)","Entries":[{"Id":"x","ReceiptHandle":"garbage"}]}"#)
        #expect(deleted.status == 200)
        #expect(deleted.json["Failed"]?.arrayValue?.first?["Code"]?.stringValue == "ReceiptHandleIsInvalid")
    }
}
