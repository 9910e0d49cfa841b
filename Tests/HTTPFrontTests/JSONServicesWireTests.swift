import Foundation
@testable import HTTPFront
import SimKernel
import Testing

@Suite("DynamoDB, CloudWatch Logs and ECS on the wire")
struct JSONServicesWireTests {
    @Test func dynamoDBItemsConditionsAndErrorShapes() async throws {
        let client = try WireClient.manual()
        let created = await client.dynamodb("CreateTable", #"{"TableName":"things","KeySchema":[{"AttributeName":"pk","KeyType":"HASH"},{"AttributeName":"sk","KeyType":"RANGE"}],"AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"},{"AttributeName":"sk","AttributeType":"N"}],"BillingMode":"PAY_PER_REQUEST"}"#)
        #expect(created.status == 200)
        #expect(created.json["TableDescription"]?["TableArn"]?.stringValue == "arn:aws:dynamodb:us-east-1:123456789012:table/things")
        for n in 1...3 {
            let put = await client.dynamodb("PutItem", #"{"TableName":"things","Item":{"pk":{"S":"a"},"sk":{"N":"\#(n)"},"tags":{"SS":["x","y"]},"blob":{"B":"AQI="}}}"#)
            #expect(put.status == 200)
        }
        let conflict = await client.dynamodb("PutItem", #"{"TableName":"things","Item":{"pk":{"S":"a"},"sk":{"N":"1"}},"ConditionExpression":"attribute_not_exists(pk)","ReturnValuesOnConditionCheckFailure":"ALL_OLD"}"#)
        #expect(conflict.status == 400)
        #expect(conflict.json["__type"]?.stringValue == "com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException")
        #expect(conflict.json["Item"]?["blob"]?["B"]?.stringValue == "AQI=")
        let page = await client.dynamodb("Query", #"{"TableName":"things","KeyConditionExpression":"pk = :p AND sk BETWEEN :a AND :b","ExpressionAttributeValues":{":p":{"S":"a"},":a":{"N":"2"},":b":{"N":"3"}},"ScanIndexForward":false,"Limit":1}"#)
        #expect(page.json["Items"]?.arrayValue?.first?["sk"]?["N"]?.stringValue == "3")
        #expect(page.json["LastEvaluatedKey"]?["sk"]?["N"]?.stringValue == "3")
        let missing = await client.dynamodb("GetItem", #"{"TableName":"nope","Key":{"pk":{"S":"a"}}}"#)
        #expect(missing.json["__type"]?.stringValue == "com.amazonaws.dynamodb.v20120810#ResourceNotFoundException")
        let legacy = await client.dynamodb("Query", #"{"TableName":"things","KeyConditions":{}}"#)
        #expect(legacy.json["message"]?.stringValue?.contains("KeyConditions") == true)
        let badValue = await client.dynamodb("PutItem", #"{"TableName":"things","Item":{"pk":{"S":"a","N":"1"}}}"#)
        #expect(badValue.json["__type"]?.stringValue?.hasSuffix("#ValidationException") == true)
    }

    @Test func logsFilterPatternsAndTokens() async throws {
        let client = try WireClient.manual()
        _ = await client.logs("CreateLogGroup", #"{"logGroupName":"/app"}"#)
        _ = await client.logs("CreateLogStream", #"{"logGroupName":"/app","logStreamName":"s"}"#)
        let now = await client.host.now.nanosecondsSinceUnixEpoch / 1_000_000
        let put = await client.logs("PutLogEvents", #"{"logGroupName":"/app","logStreamName":"s","logEvents":[{"timestamp":\#(now),"message":"ERROR disk full"},{"timestamp":\#(now),"message":"INFO ok"},{"timestamp":\#(now),"message":"{\"level\":\"ERROR\",\"code\":7}"}]}"#)
        #expect(put.status == 200)
        #expect(put.header("content-type") == "application/x-amz-json-1.1")
        let filtered = await client.logs("FilterLogEvents", #"{"logGroupName":"/app","filterPattern":"ERROR -disk","interleaved":true}"#)
        #expect(filtered.json["events"]?.arrayValue?.map { $0["message"]?.stringValue ?? "" } == [#"{"level":"ERROR","code":7}"#])
        let selector = await client.logs("FilterLogEvents", #"{"logGroupIdentifier":"arn:aws:logs:us-east-1:123456789012:log-group:/app:*","filterPattern":"{ $.code = 7 }"}"#)
        #expect(selector.json["events"]?.arrayValue?.count == 1)
        let head = await client.logs("GetLogEvents", #"{"logGroupName":"/app","logStreamName":"s","startFromHead":true,"limit":2}"#)
        #expect(head.json["events"]?.arrayValue?.count == 2)
        #expect(head.json["nextForwardToken"]?.stringValue != nil)
        let missing = await client.logs("DescribeLogStreams", #"{"logGroupName":"/nope"}"#)
        #expect(missing.json["__type"]?.stringValue == "ResourceNotFoundException")
    }

    @Test func ecsServicesScaleAndMissingOnesAreFailures() async throws {
        let client = try WireClient.manual()
        _ = await client.ecs("CreateCluster", #"{"clusterName":"c"}"#)
        _ = await client.ecs("RegisterTaskDefinition", #"{"family":"web","containerDefinitions":[{"name":"app","image":"nginx"}]}"#)
        let created = await client.ecs("CreateService", #"{"cluster":"c","serviceName":"svc","taskDefinition":"web","desiredCount":0}"#)
        #expect(created.json["service"]?["desiredCount"]?.numberText == "0")
        let updated = await client.ecs("UpdateService", #"{"cluster":"c","service":"svc","desiredCount":1}"#)
        #expect(updated.json["service"]?["desiredCount"]?.numberText == "1")
        _ = await client.admin("POST", "/clock/advance?by=2m")
        let described = await client.ecs("DescribeServices", #"{"cluster":"c","services":["svc","ghost"]}"#)
        #expect(described.json["services"]?.arrayValue?.first?["runningCount"]?.numberText == "1")
        #expect(described.json["failures"]?.arrayValue?.first?["reason"]?.stringValue == "MISSING")
        let deployment = described.json["services"]?.arrayValue?.first?["deployments"]?.arrayValue?.first
        #expect(deployment?["status"]?.stringValue == "PRIMARY")
        #expect(deployment?["rolloutState"]?.stringValue == "COMPLETED")
        let tasks = await client.ecs("ListTasks", #"{"cluster":"c","serviceName":"svc"}"#)
        #expect(tasks.json["taskArns"]?.arrayValue?.count == 1)
        let unknown = await client.ecs("LaunchRocket", "{}")
        #expect(unknown.status == 400)
        #expect(unknown.json["__type"]?.stringValue == "UnknownOperationException")
    }
}
