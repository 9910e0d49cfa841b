"""Regions and the account: resources live in the region of the client that made them (the SigV4 scope)."""

import unittest

import wire


class TestSQSRegions(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.east = wire.client("sqs", region="us-east-1")
        cls.west = wire.client("sqs", region="us-west-2")

    def create(self, client, name, **attributes):
        url = client.create_queue(QueueName=name, Attributes={k: str(v) for k, v in attributes.items()})["QueueUrl"]
        self.addCleanup(lambda: client.delete_queue(QueueUrl=url))
        return url

    def test_queue_in_other_region_is_not_listed(self):
        name = wire.unique("west")
        url = self.create(self.west, name)
        self.assertEqual(self.west.list_queues(QueueNamePrefix=name).get("QueueUrls", []), [url])
        self.assertEqual(self.east.list_queues(QueueNamePrefix=name).get("QueueUrls", []), [])
        with self.assertRaises(self.east.exceptions.QueueDoesNotExist):
            self.east.get_queue_url(QueueName=name)

    def test_queue_url_shape(self):
        name = wire.unique("shape")
        url = self.create(self.west, name)
        self.assertEqual(url, f"{wire.ENDPOINT}/{wire.ACCOUNT}/{name}")
        self.assertEqual(self.west.get_queue_url(QueueName=name)["QueueUrl"], url)

    def test_queue_arn_names_client_region_and_account(self):
        name = wire.unique("arn")
        for client, region in ((self.west, "us-west-2"), (self.east, "us-east-1")):
            url = self.create(client, name)
            arn = client.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
            self.assertEqual(arn, f"arn:aws:sqs:{region}:123456789012:{name}")

    def test_same_name_in_two_regions_are_two_queues(self):
        name = wire.unique("twin")
        west_url = self.create(self.west, name, VisibilityTimeout=11)
        east_url = self.create(self.east, name, VisibilityTimeout=22)
        self.west.send_message(QueueUrl=west_url, MessageBody="from the west")
        west_attrs = self.west.get_queue_attributes(QueueUrl=west_url, AttributeNames=["VisibilityTimeout"])
        east_attrs = self.east.get_queue_attributes(QueueUrl=east_url, AttributeNames=["VisibilityTimeout"])
        self.assertEqual(west_attrs["Attributes"]["VisibilityTimeout"], "11")
        self.assertEqual(east_attrs["Attributes"]["VisibilityTimeout"], "22")
        self.assertNotIn("Messages", self.east.receive_message(QueueUrl=east_url))
        received = self.west.receive_message(QueueUrl=west_url).get("Messages", [])
        self.assertEqual([m["Body"] for m in received], ["from the west"])


class TestOtherServiceRegions(unittest.TestCase):
    def test_dynamodb_table_is_regional(self):
        west = wire.client("dynamodb", region="us-west-2")
        east = wire.client("dynamodb", region="us-east-1")
        name = wire.unique("regional")
        table = west.create_table(
            TableName=name,
            AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
            KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
            BillingMode="PAY_PER_REQUEST",
        )["TableDescription"]
        self.addCleanup(lambda: west.delete_table(TableName=name))
        self.assertEqual(table["TableArn"], f"arn:aws:dynamodb:us-west-2:123456789012:table/{name}")
        with self.assertRaises(east.exceptions.ResourceNotFoundException):
            east.describe_table(TableName=name)
        names = []
        for page in east.get_paginator("list_tables").paginate():
            names += page["TableNames"]
        self.assertNotIn(name, names)

    def test_log_group_arn_names_region(self):
        logs = wire.client("logs", region="eu-west-1")
        name = "/wire/" + wire.unique("regional")
        logs.create_log_group(logGroupName=name)
        self.addCleanup(lambda: logs.delete_log_group(logGroupName=name))
        group = logs.describe_log_groups(logGroupNamePrefix=name)["logGroups"][0]
        self.assertTrue(group["arn"].startswith(f"arn:aws:logs:eu-west-1:123456789012:log-group:{name}"), group["arn"])
        east = wire.client("logs", region="us-east-1")
        self.assertEqual(east.describe_log_groups(logGroupNamePrefix=name)["logGroups"], [])

    def test_ecs_cluster_arn_names_region(self):
        ecs = wire.client("ecs", region="us-west-2")
        name = wire.unique("regional")
        cluster = ecs.create_cluster(clusterName=name)["cluster"]
        self.assertEqual(cluster["clusterArn"], f"arn:aws:ecs:us-west-2:123456789012:cluster/{name}")
        east = wire.client("ecs", region="us-east-1")
        missing = east.describe_clusters(clusters=[name])
        self.assertEqual(missing["clusters"], [])
        self.assertEqual([f["reason"] for f in missing["failures"]], ["MISSING"])


if __name__ == "__main__":
    unittest.main()
