"""DynamoDB over the wire (JSON 1.0, DynamoDB_20120810.*)."""

import time
import unittest

import wire


class DynamoDBTestCase(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.ddb = wire.client("dynamodb")

    def create_table(self, prefix="tbl", range_key=True, range_type="S"):
        name = wire.unique(prefix)
        attributes = [{"AttributeName": "pk", "AttributeType": "S"}]
        schema = [{"AttributeName": "pk", "KeyType": "HASH"}]
        if range_key:
            attributes.append({"AttributeName": "sk", "AttributeType": range_type})
            schema.append({"AttributeName": "sk", "KeyType": "RANGE"})
        response = self.ddb.create_table(
            TableName=name, AttributeDefinitions=attributes, KeySchema=schema, BillingMode="PAY_PER_REQUEST"
        )
        self.addCleanup(self._delete_quietly, name)
        self.wait_active(name)
        return name, response

    def wait_active(self, name, timeout=10.0):
        deadline = time.monotonic() + timeout
        while True:
            status = self.ddb.describe_table(TableName=name)["Table"]["TableStatus"]
            if status == "ACTIVE" or time.monotonic() > deadline:
                return status
            time.sleep(0.1)

    def _delete_quietly(self, name):
        try:
            self.ddb.delete_table(TableName=name)
        except Exception:
            pass

    def put(self, table, pk, sk, **extra):
        item = {"pk": {"S": pk}, "sk": {"S": sk}}
        item.update(extra)
        self.ddb.put_item(TableName=table, Item=item)

    def query_all(self, **kwargs):
        """Follows LastEvaluatedKey; returns (items, number of pages)."""
        items, pages, start = [], 0, None
        while True:
            if start is not None:
                kwargs["ExclusiveStartKey"] = start
            response = self.ddb.query(**kwargs)
            pages += 1
            items += response["Items"]
            start = response.get("LastEvaluatedKey")
            if start is None or pages > 50:
                return items, pages


class TestTables(DynamoDBTestCase):
    def test_create_describe_list_delete(self):
        name, created = self.create_table("life")
        description = created["TableDescription"]
        self.assertEqual(description["TableName"], name)
        self.assertIn(description["TableStatus"], ("CREATING", "ACTIVE"))
        self.assertEqual(self.wait_active(name), "ACTIVE")
        table = self.ddb.describe_table(TableName=name)["Table"]
        self.assertEqual(
            table["KeySchema"],
            [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
        )
        self.assertEqual(
            sorted(table["AttributeDefinitions"], key=lambda a: a["AttributeName"]),
            [{"AttributeName": "pk", "AttributeType": "S"}, {"AttributeName": "sk", "AttributeType": "S"}],
        )
        self.assertEqual(table["TableArn"], f"arn:aws:dynamodb:us-east-1:123456789012:table/{name}")
        self.assertEqual(table["ItemCount"], 0)
        self.assertEqual(table["BillingModeSummary"]["BillingMode"], "PAY_PER_REQUEST")
        names = []
        for page in self.ddb.get_paginator("list_tables").paginate():
            names += page["TableNames"]
        self.assertIn(name, names)
        self.ddb.delete_table(TableName=name)
        with self.assertRaises(self.ddb.exceptions.ResourceNotFoundException):
            for _ in range(50):  # deletion may take a moment (DELETING)
                self.ddb.describe_table(TableName=name)
                time.sleep(0.1)

    def test_create_existing_table(self):
        name, _ = self.create_table("dup")
        with self.assertRaises(self.ddb.exceptions.ResourceInUseException):
            self.ddb.create_table(
                TableName=name,
                AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
                KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
                BillingMode="PAY_PER_REQUEST",
            )

    def test_missing_table(self):
        name = wire.unique("nosuch")
        with self.assertRaises(self.ddb.exceptions.ResourceNotFoundException):
            self.ddb.describe_table(TableName=name)
        with self.assertRaises(self.ddb.exceptions.ResourceNotFoundException):
            self.ddb.get_item(TableName=name, Key={"pk": {"S": "a"}})
        with self.assertRaises(self.ddb.exceptions.ResourceNotFoundException) as caught:
            self.ddb.query(
                TableName=name, KeyConditionExpression="pk = :p", ExpressionAttributeValues={":p": {"S": "a"}}
            )
        self.assertEqual(caught.exception.response["ResponseMetadata"]["HTTPStatusCode"], 400)

    def test_time_to_live(self):
        name, _ = self.create_table("ttl")
        before = self.ddb.describe_time_to_live(TableName=name)["TimeToLiveDescription"]
        self.assertEqual(before["TimeToLiveStatus"], "DISABLED")
        updated = self.ddb.update_time_to_live(
            TableName=name, TimeToLiveSpecification={"Enabled": True, "AttributeName": "expires"}
        )
        self.assertEqual(updated["TimeToLiveSpecification"], {"Enabled": True, "AttributeName": "expires"})
        after = self.ddb.describe_time_to_live(TableName=name)["TimeToLiveDescription"]
        self.assertIn(after["TimeToLiveStatus"], ("ENABLING", "ENABLED"))
        self.assertEqual(after["AttributeName"], "expires")


class TestItems(DynamoDBTestCase):
    def test_put_get_delete(self):
        table, _ = self.create_table("items")
        item = {
            "pk": {"S": "user#1"},
            "sk": {"S": "profile"},
            "name": {"S": "Ada"},
            "age": {"N": "36"},
            "tags": {"SS": ["a", "b"]},
            "meta": {"M": {"active": {"BOOL": True}, "none": {"NULL": True}, "list": {"L": [{"N": "1"}, {"S": "x"}]}}},
            "blob": {"B": b"\x00\x01"},
        }
        self.ddb.put_item(TableName=table, Item=item)
        got = self.ddb.get_item(TableName=table, Key={"pk": {"S": "user#1"}, "sk": {"S": "profile"}})["Item"]
        self.assertEqual(got["name"], {"S": "Ada"})
        self.assertEqual(got["age"], {"N": "36"})
        self.assertEqual(sorted(got["tags"]["SS"]), ["a", "b"])
        self.assertEqual(got["meta"], item["meta"])
        self.assertEqual(got["blob"], {"B": b"\x00\x01"})
        projected = self.ddb.get_item(
            TableName=table,
            Key={"pk": {"S": "user#1"}, "sk": {"S": "profile"}},
            ProjectionExpression="#n, age",
            ExpressionAttributeNames={"#n": "name"},
        )["Item"]
        self.assertEqual(projected, {"name": {"S": "Ada"}, "age": {"N": "36"}})
        old = self.ddb.delete_item(
            TableName=table, Key={"pk": {"S": "user#1"}, "sk": {"S": "profile"}}, ReturnValues="ALL_OLD"
        )
        self.assertEqual(old["Attributes"]["name"], {"S": "Ada"})
        missing = self.ddb.get_item(TableName=table, Key={"pk": {"S": "user#1"}, "sk": {"S": "profile"}})
        self.assertNotIn("Item", missing)

    def test_condition_attribute_not_exists(self):
        table, _ = self.create_table("cond")
        key = {"pk": {"S": "k"}, "sk": {"S": "1"}}
        self.ddb.put_item(
            TableName=table, Item={**key, "v": {"N": "1"}}, ConditionExpression="attribute_not_exists(pk)"
        )
        with self.assertRaises(self.ddb.exceptions.ConditionalCheckFailedException) as caught:
            self.ddb.put_item(
                TableName=table, Item={**key, "v": {"N": "2"}}, ConditionExpression="attribute_not_exists(pk)"
            )
        self.assertEqual(wire.error_code(caught.exception), "ConditionalCheckFailedException")
        self.assertEqual(caught.exception.response["ResponseMetadata"]["HTTPStatusCode"], 400)
        self.assertEqual(self.ddb.get_item(TableName=table, Key=key)["Item"]["v"], {"N": "1"})

    def test_condition_failure_returns_old_item(self):
        table, _ = self.create_table("condold")
        key = {"pk": {"S": "k"}, "sk": {"S": "1"}}
        self.ddb.put_item(TableName=table, Item={**key, "v": {"N": "1"}})
        with self.assertRaises(self.ddb.exceptions.ConditionalCheckFailedException) as caught:
            self.ddb.put_item(
                TableName=table,
                Item={**key, "v": {"N": "3"}},
                ConditionExpression="v = :two",
                ExpressionAttributeValues={":two": {"N": "2"}},
                ReturnValuesOnConditionCheckFailure="ALL_OLD",
            )
        self.assertEqual(caught.exception.response["Item"]["v"], {"N": "1"})

    def test_conditional_delete_and_update(self):
        table, _ = self.create_table("conddel")
        key = {"pk": {"S": "k"}, "sk": {"S": "1"}}
        self.ddb.put_item(TableName=table, Item={**key, "state": {"S": "open"}})
        with self.assertRaises(self.ddb.exceptions.ConditionalCheckFailedException):
            self.ddb.delete_item(
                TableName=table,
                Key=key,
                ConditionExpression="#s = :closed",
                ExpressionAttributeNames={"#s": "state"},
                ExpressionAttributeValues={":closed": {"S": "closed"}},
            )
        with self.assertRaises(self.ddb.exceptions.ConditionalCheckFailedException):
            self.ddb.update_item(
                TableName=table,
                Key={"pk": {"S": "k"}, "sk": {"S": "absent"}},
                UpdateExpression="SET #s = :x",
                ConditionExpression="attribute_exists(pk)",
                ExpressionAttributeNames={"#s": "state"},
                ExpressionAttributeValues={":x": {"S": "x"}},
            )
        self.assertNotIn("Item", self.ddb.get_item(TableName=table, Key={"pk": {"S": "k"}, "sk": {"S": "absent"}}))
        self.ddb.delete_item(
            TableName=table,
            Key=key,
            ConditionExpression="#s = :open",
            ExpressionAttributeNames={"#s": "state"},
            ExpressionAttributeValues={":open": {"S": "open"}},
        )
        self.assertNotIn("Item", self.ddb.get_item(TableName=table, Key=key))

    def test_update_set_add_remove(self):
        table, _ = self.create_table("upd")
        key = {"pk": {"S": "counter"}, "sk": {"S": "1"}}
        self.ddb.put_item(
            TableName=table, Item={**key, "hits": {"N": "5"}, "stale": {"S": "gone soon"}, "tags": {"SS": ["a"]}}
        )
        response = self.ddb.update_item(
            TableName=table,
            Key=key,
            UpdateExpression="SET #n = :name, price = :p ADD hits :inc, tags :t REMOVE stale",
            ExpressionAttributeNames={"#n": "name"},
            ExpressionAttributeValues={
                ":name": {"S": "widget"},
                ":p": {"N": "9.5"},
                ":inc": {"N": "3"},
                ":t": {"SS": ["b"]},
            },
            ReturnValues="UPDATED_NEW",
        )
        updated = response["Attributes"]
        self.assertEqual(set(updated), {"name", "price", "hits", "tags"})
        self.assertEqual(updated["name"], {"S": "widget"})
        self.assertEqual(updated["hits"], {"N": "8"})
        self.assertEqual(float(updated["price"]["N"]), 9.5)
        self.assertEqual(sorted(updated["tags"]["SS"]), ["a", "b"])

        response = self.ddb.update_item(
            TableName=table,
            Key=key,
            UpdateExpression="SET hits = hits - :one, fresh = if_not_exists(fresh, :zero)",
            ExpressionAttributeValues={":one": {"N": "1"}, ":zero": {"N": "0"}},
            ReturnValues="ALL_NEW",
        )
        item = response["Attributes"]
        self.assertEqual(item["pk"], {"S": "counter"})
        self.assertEqual(item["sk"], {"S": "1"})
        self.assertEqual(item["hits"], {"N": "7"})
        self.assertEqual(item["fresh"], {"N": "0"})
        self.assertNotIn("stale", item)

    def test_update_creates_item_and_returns_old(self):
        table, _ = self.create_table("upsert")
        key = {"pk": {"S": "new"}, "sk": {"S": "1"}}
        response = self.ddb.update_item(
            TableName=table,
            Key=key,
            UpdateExpression="ADD visits :one",
            ExpressionAttributeValues={":one": {"N": "1"}},
            ReturnValues="ALL_OLD",
        )
        self.assertNotIn("Attributes", response)
        response = self.ddb.update_item(
            TableName=table,
            Key=key,
            UpdateExpression="ADD visits :one",
            ExpressionAttributeValues={":one": {"N": "1"}},
            ReturnValues="UPDATED_OLD",
        )
        self.assertEqual(response["Attributes"], {"visits": {"N": "1"}})
        self.assertEqual(self.ddb.get_item(TableName=table, Key=key)["Item"]["visits"], {"N": "2"})


class TestQueries(DynamoDBTestCase):
    def setUp(self):
        self.table, _ = self.create_table("query")
        with_sk = lambda i: f"2024-01-{i:02d}"
        for i in range(1, 13):
            self.put(self.table, "orders", with_sk(i), amount={"N": str(i * 10)})
        for i in range(1, 4):
            self.put(self.table, "orders", f"note-{i}", amount={"N": "0"})
        self.put(self.table, "other", "2024-01-05", amount={"N": "1"})

    def keys(self, items):
        return [item["sk"]["S"] for item in items]

    def test_between(self):
        items, _ = self.query_all(
            TableName=self.table,
            KeyConditionExpression="pk = :p AND sk BETWEEN :a AND :b",
            ExpressionAttributeValues={":p": {"S": "orders"}, ":a": {"S": "2024-01-03"}, ":b": {"S": "2024-01-06"}},
        )
        self.assertEqual(self.keys(items), ["2024-01-03", "2024-01-04", "2024-01-05", "2024-01-06"])

    def test_begins_with(self):
        items, _ = self.query_all(
            TableName=self.table,
            KeyConditionExpression="pk = :p AND begins_with(sk, :prefix)",
            ExpressionAttributeValues={":p": {"S": "orders"}, ":prefix": {"S": "note-"}},
        )
        self.assertEqual(self.keys(items), ["note-1", "note-2", "note-3"])

    def test_comparison_and_count(self):
        response = self.ddb.query(
            TableName=self.table,
            KeyConditionExpression="pk = :p AND sk > :after",
            ExpressionAttributeValues={":p": {"S": "orders"}, ":after": {"S": "2024-01-10"}},
        )
        self.assertEqual(self.keys(response["Items"]), ["2024-01-11", "2024-01-12", "note-1", "note-2", "note-3"])
        self.assertEqual(response["Count"], 5)
        self.assertEqual(response["ScannedCount"], 5)

    def test_limit_paging_collects_all_pages(self):
        items, pages = self.query_all(
            TableName=self.table,
            KeyConditionExpression="pk = :p AND begins_with(sk, :y)",
            ExpressionAttributeValues={":p": {"S": "orders"}, ":y": {"S": "2024-"}},
            Limit=5,
        )
        self.assertEqual(self.keys(items), [f"2024-01-{i:02d}" for i in range(1, 13)])
        # 12 items in pages of 5: 5, 5, 2 (a final empty page is allowed when a page ends exactly at the end).
        self.assertIn(pages, (3, 4))

    def test_limit_page_has_last_evaluated_key(self):
        response = self.ddb.query(
            TableName=self.table,
            KeyConditionExpression="pk = :p",
            ExpressionAttributeValues={":p": {"S": "orders"}},
            Limit=2,
        )
        self.assertEqual(self.keys(response["Items"]), ["2024-01-01", "2024-01-02"])
        self.assertEqual(response["LastEvaluatedKey"], {"pk": {"S": "orders"}, "sk": {"S": "2024-01-02"}})

    def test_scan_index_forward_false(self):
        items, _ = self.query_all(
            TableName=self.table,
            KeyConditionExpression="pk = :p AND sk BETWEEN :a AND :b",
            ExpressionAttributeValues={":p": {"S": "orders"}, ":a": {"S": "2024-01-01"}, ":b": {"S": "2024-01-12"}},
            ScanIndexForward=False,
            Limit=4,
        )
        self.assertEqual(self.keys(items), [f"2024-01-{i:02d}" for i in range(12, 0, -1)])

    def test_filter_expression_counts(self):
        response = self.ddb.query(
            TableName=self.table,
            KeyConditionExpression="pk = :p",
            FilterExpression="amount >= :min",
            ExpressionAttributeValues={":p": {"S": "orders"}, ":min": {"N": "100"}},
        )
        self.assertEqual(self.keys(response["Items"]), ["2024-01-10", "2024-01-11", "2024-01-12"])
        self.assertEqual(response["Count"], 3)
        self.assertEqual(response["ScannedCount"], 15)

    def test_numeric_range_key_orders_by_number(self):
        table, _ = self.create_table("numeric", range_type="N")
        for n in (10, 9, 100, -1, 2.5):
            self.ddb.put_item(TableName=table, Item={"pk": {"S": "n"}, "sk": {"N": str(n)}})
        response = self.ddb.query(
            TableName=table, KeyConditionExpression="pk = :p", ExpressionAttributeValues={":p": {"S": "n"}}
        )
        self.assertEqual([float(i["sk"]["N"]) for i in response["Items"]], [-1, 2.5, 9, 10, 100])

    def test_scan_with_paging(self):
        seen, pages, start = [], 0, None
        while True:
            kwargs = {"TableName": self.table, "Limit": 4}
            if start:
                kwargs["ExclusiveStartKey"] = start
            response = self.ddb.scan(**kwargs)
            pages += 1
            self.assertLessEqual(len(response["Items"]), 4)
            seen += [(i["pk"]["S"], i["sk"]["S"]) for i in response["Items"]]
            start = response.get("LastEvaluatedKey")
            if not start or pages > 20:
                break
        self.assertEqual(len(seen), 16)
        self.assertEqual(len(set(seen)), 16)
        self.assertIn(("other", "2024-01-05"), seen)
        self.assertIn(pages, (4, 5))

    def test_scan_with_filter(self):
        response = self.ddb.scan(
            TableName=self.table,
            FilterExpression="amount = :zero",
            ExpressionAttributeValues={":zero": {"N": "0"}},
        )
        self.assertEqual(sorted(self.keys(response["Items"])), ["note-1", "note-2", "note-3"])
        self.assertEqual(response["ScannedCount"], 16)


class TestValidation(DynamoDBTestCase):
    def assertValidation(self, call, **kwargs):
        with self.assertRaises(self.ddb.exceptions.ClientError) as caught:
            call(**kwargs)
        self.assertEqual(wire.error_code(caught.exception), "ValidationException")
        self.assertEqual(caught.exception.response["ResponseMetadata"]["HTTPStatusCode"], 400)
        return caught.exception

    def test_put_missing_range_key(self):
        table, _ = self.create_table("val")
        self.assertValidation(self.ddb.put_item, TableName=table, Item={"pk": {"S": "only hash"}})

    def test_key_type_mismatch(self):
        table, _ = self.create_table("valtype")
        self.assertValidation(self.ddb.put_item, TableName=table, Item={"pk": {"N": "1"}, "sk": {"S": "x"}})

    # moto differs: moto 5.2.1 does not check the key types of GetItem ("The provided key element does not
    # match the schema" in AWS).
    @wire.moto_differs("GetItem does not check key attribute types against the schema")
    def test_get_item_key_type_mismatch(self):
        table, _ = self.create_table("valgettype")
        self.assertValidation(self.ddb.get_item, TableName=table, Key={"pk": {"S": "a"}, "sk": {"N": "1"}})

    def test_get_item_with_incomplete_key(self):
        table, _ = self.create_table("valkey")
        self.assertValidation(self.ddb.get_item, TableName=table, Key={"pk": {"S": "a"}})

    def test_get_item_with_extra_key_attribute(self):
        table, _ = self.create_table("valextra")
        self.assertValidation(
            self.ddb.get_item, TableName=table, Key={"pk": {"S": "a"}, "sk": {"S": "b"}, "other": {"S": "c"}}
        )

    def test_query_without_hash_key_condition(self):
        table, _ = self.create_table("valq")
        self.assertValidation(
            self.ddb.query,
            TableName=table,
            KeyConditionExpression="sk = :s",
            ExpressionAttributeValues={":s": {"S": "x"}},
        )

    def test_update_of_key_attribute(self):
        table, _ = self.create_table("valupd")
        self.assertValidation(
            self.ddb.update_item,
            TableName=table,
            Key={"pk": {"S": "a"}, "sk": {"S": "b"}},
            UpdateExpression="SET pk = :x",
            ExpressionAttributeValues={":x": {"S": "c"}},
        )

    def test_empty_string_key(self):
        table, _ = self.create_table("valempty")
        self.assertValidation(self.ddb.put_item, TableName=table, Item={"pk": {"S": ""}, "sk": {"S": "x"}})

    # moto differs: moto 5.2.1 ignores unused ExpressionAttributeValues; AWS rejects them ("Value provided in
    # ExpressionAttributeValues unused in expressions").
    @wire.moto_differs("unused ExpressionAttributeValues are accepted")
    def test_unused_expression_attribute_value(self):
        table, _ = self.create_table("valunused")
        self.assertValidation(
            self.ddb.put_item,
            TableName=table,
            Item={"pk": {"S": "a"}, "sk": {"S": "b"}},
            ConditionExpression="attribute_not_exists(pk)",
            ExpressionAttributeValues={":unused": {"S": "x"}},
        )


if __name__ == "__main__":
    unittest.main()
