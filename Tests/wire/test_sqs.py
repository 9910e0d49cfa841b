"""SQS over the wire: boto3 (JSON protocol with x-amzn-query-mode) and raw query-protocol POSTs."""

import hashlib
import json
import struct
import threading
import time
import unittest
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET

from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

import wire

SQS_NS = "{http://queue.amazonaws.com/doc/2012-11-05/}"


def attributes_md5(attributes):
    """MD5 of message attributes with the documented encoding: for each attribute, sorted by name,
    length-prefixed name, length-prefixed data type, one transport byte (1 string/number, 2 binary),
    length-prefixed value; lengths are 4-byte big-endian."""

    def field(data):
        return struct.pack(">I", len(data)) + data

    encoded = b""
    for name in sorted(attributes):
        value = attributes[name]
        data_type = value["DataType"]
        encoded += field(name.encode("utf-8")) + field(data_type.encode("utf-8"))
        if "BinaryValue" in value:
            encoded += b"\x02" + field(value["BinaryValue"])
        else:
            encoded += b"\x01" + field(value["StringValue"].encode("utf-8"))
    return hashlib.md5(encoded).hexdigest()


def query_post(url, params, region="us-east-1"):
    """A SigV4-signed query-protocol POST (form body) for service `sqs`; returns (status, body text)."""
    body = urllib.parse.urlencode(params)
    headers = {"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"}
    request = AWSRequest(method="POST", url=url, data=body, headers=headers)
    SigV4Auth(Credentials("test", "test"), "sqs", region).add_auth(request)
    assert "/%s/sqs/aws4_request" % region in request.headers["Authorization"]
    raw = urllib.request.Request(url, data=body.encode("utf-8"), method="POST", headers=dict(request.headers.items()))
    try:
        with urllib.request.urlopen(raw, timeout=10) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")


class SQSTestCase(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.sqs = wire.client("sqs")

    def create_queue(self, prefix, fifo=False, **attributes):
        name = wire.unique(prefix) + (".fifo" if fifo else "")
        attrs = {key: str(value) for key, value in attributes.items()}
        if fifo:
            attrs["FifoQueue"] = "true"
        url = self.sqs.create_queue(QueueName=name, Attributes=attrs)["QueueUrl"]
        self.addCleanup(self._delete_quietly, url)
        return url

    def _delete_quietly(self, url):
        try:
            self.sqs.delete_queue(QueueUrl=url)
        except Exception:
            pass

    def arn(self, url):
        return self.sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]

    def receive(self, url, **kwargs):
        kwargs.setdefault("MaxNumberOfMessages", 10)
        return self.sqs.receive_message(QueueUrl=url, **kwargs).get("Messages", [])

    def drain(self, url, expected, rounds=10):
        """Receives and deletes until `expected` messages were seen (or `rounds` receives); returns them in order."""
        seen = []
        for _ in range(rounds):
            batch = self.receive(url, MessageSystemAttributeNames=["All"])
            for message in batch:
                seen.append(message)
                self.sqs.delete_message(QueueUrl=url, ReceiptHandle=message["ReceiptHandle"])
            if len(seen) >= expected:
                break
        return seen


class TestQueues(SQSTestCase):
    def test_standard_send_receive_delete(self):
        url = self.create_queue("std")
        sent = self.sqs.send_message(QueueUrl=url, MessageBody="hello world")
        messages = self.receive(url)
        self.assertEqual(len(messages), 1)
        self.assertEqual(messages[0]["Body"], "hello world")
        self.assertEqual(messages[0]["MessageId"], sent["MessageId"])
        self.sqs.delete_message(QueueUrl=url, ReceiptHandle=messages[0]["ReceiptHandle"])
        self.assertEqual(self.receive(url, VisibilityTimeout=0), [])

    def test_create_queue_is_idempotent_and_list_and_get_url(self):
        prefix = wire.unique("lst")
        urls = sorted(self.sqs.create_queue(QueueName=f"{prefix}-{i}")["QueueUrl"] for i in range(2))
        for url in urls:
            self.addCleanup(self._delete_quietly, url)
        # Same name, same attributes: the same URL again.
        self.assertEqual(self.sqs.create_queue(QueueName=f"{prefix}-0")["QueueUrl"], urls[0])
        listed = self.sqs.list_queues(QueueNamePrefix=prefix).get("QueueUrls", [])
        self.assertEqual(sorted(listed), urls)
        self.assertEqual(self.sqs.get_queue_url(QueueName=f"{prefix}-1")["QueueUrl"], urls[1])

    def test_create_queue_with_different_attributes_fails(self):
        name = wire.unique("exists")
        url = self.sqs.create_queue(QueueName=name, Attributes={"VisibilityTimeout": "30"})["QueueUrl"]
        self.addCleanup(self._delete_quietly, url)
        with self.assertRaises(self.sqs.exceptions.QueueNameExists) as caught:
            self.sqs.create_queue(QueueName=name, Attributes={"VisibilityTimeout": "31"})
        self.assertEqual(wire.error_code(caught.exception), "QueueAlreadyExists")

    def test_delete_queue(self):
        name = wire.unique("del")
        url = self.sqs.create_queue(QueueName=name)["QueueUrl"]
        self.sqs.delete_queue(QueueUrl=url)
        with self.assertRaises(self.sqs.exceptions.QueueDoesNotExist):
            self.sqs.get_queue_url(QueueName=name)
        self.assertNotIn(url, self.sqs.list_queues(QueueNamePrefix=name).get("QueueUrls", []))

    def test_purge_queue(self):
        url = self.create_queue("purge")
        for i in range(3):
            self.sqs.send_message(QueueUrl=url, MessageBody=f"m{i}")
        self.sqs.purge_queue(QueueUrl=url)
        self.assertEqual(self.receive(url), [])
        attrs = self.sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["ApproximateNumberOfMessages"])
        self.assertEqual(attrs["Attributes"]["ApproximateNumberOfMessages"], "0")

    def test_nonexistent_queue_error(self):
        name = wire.unique("missing")
        with self.assertRaises(self.sqs.exceptions.QueueDoesNotExist) as caught:
            self.sqs.get_queue_url(QueueName=name)
        error = caught.exception.response
        self.assertEqual(error["Error"]["Code"], "AWS.SimpleQueueService.NonExistentQueue")
        self.assertEqual(error["ResponseMetadata"]["HTTPStatusCode"], 400)

    def test_nonexistent_queue_url_on_send(self):
        url = self.create_queue("gone")
        self.sqs.delete_queue(QueueUrl=url)
        with self.assertRaises(self.sqs.exceptions.QueueDoesNotExist) as caught:
            self.sqs.send_message(QueueUrl=url, MessageBody="x")
        self.assertEqual(wire.error_code(caught.exception), "AWS.SimpleQueueService.NonExistentQueue")

    def test_queue_url_is_usable_directly(self):
        url = self.create_queue("direct")
        self.assertTrue(url.startswith(wire.ENDPOINT + "/"), url)
        # A second client built from nothing but the URL reaches the same queue.
        other = wire.client("sqs")
        other.send_message(QueueUrl=url, MessageBody="via url")
        self.assertEqual([m["Body"] for m in self.receive(url)], ["via url"])
        # The URL answers the query protocol too (older SDKs POST to the queue URL, without QueueUrl).
        status, text = query_post(url, {"Action": "SendMessage", "Version": "2012-11-05", "MessageBody": "query body"})
        self.assertEqual(status, 200, text)
        self.assertIn("SendMessageResponse", text)
        md5 = ET.fromstring(text).find(f".//{SQS_NS}MD5OfMessageBody")
        self.assertIsNotNone(md5, text)
        self.assertEqual(md5.text, hashlib.md5(b"query body").hexdigest())
        self.assertEqual([m["Body"] for m in self.receive(url)], ["query body"])


class TestAttributes(SQSTestCase):
    def test_default_attributes(self):
        url = self.create_queue("defaults")
        attrs = self.sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["All"])["Attributes"]
        self.assertEqual(attrs["VisibilityTimeout"], "30")
        self.assertEqual(attrs["MessageRetentionPeriod"], "345600")
        self.assertEqual(attrs["DelaySeconds"], "0")
        self.assertEqual(attrs["ReceiveMessageWaitTimeSeconds"], "0")
        self.assertEqual(attrs["ApproximateNumberOfMessages"], "0")
        self.assertTrue(attrs["QueueArn"].startswith("arn:aws:sqs:us-east-1:123456789012:"), attrs["QueueArn"])

    # AWS raised the default to 1 MiB in 2025 (botocore 1.43.11 model docs for MaximumMessageSize).
    def test_default_maximum_message_size_is_1_mib(self):
        url = self.create_queue("maxsize")
        attrs = self.sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["MaximumMessageSize"])["Attributes"]
        self.assertEqual(attrs["MaximumMessageSize"], "1048576")

    def test_get_and_set_visibility_timeout(self):
        url = self.create_queue("vt", VisibilityTimeout=45)
        get = lambda: self.sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["VisibilityTimeout"])["Attributes"]
        self.assertEqual(get(), {"VisibilityTimeout": "45"})
        self.sqs.set_queue_attributes(QueueUrl=url, Attributes={"VisibilityTimeout": "120"})
        self.assertEqual(get(), {"VisibilityTimeout": "120"})

    # moto differs: moto accepts any VisibilityTimeout in SetQueueAttributes; AWS allows 0-43200.
    @wire.moto_differs("SetQueueAttributes accepts VisibilityTimeout > 43200")
    def test_visibility_timeout_out_of_range(self):
        url = self.create_queue("vtbad")
        with self.assertRaises(self.sqs.exceptions.InvalidAttributeValue):
            self.sqs.set_queue_attributes(QueueUrl=url, Attributes={"VisibilityTimeout": "43201"})

    def test_redrive_policy_is_a_json_string(self):
        dlq = self.create_queue("rp-dlq")
        dlq_arn = self.arn(dlq)
        policy = json.dumps({"deadLetterTargetArn": dlq_arn, "maxReceiveCount": 3})
        url = self.create_queue("rp-src")
        self.sqs.set_queue_attributes(QueueUrl=url, Attributes={"RedrivePolicy": policy})
        attrs = self.sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["RedrivePolicy"])["Attributes"]
        self.assertIsInstance(attrs["RedrivePolicy"], str)
        parsed = json.loads(attrs["RedrivePolicy"])
        self.assertEqual(parsed["deadLetterTargetArn"], dlq_arn)
        self.assertEqual(int(parsed["maxReceiveCount"]), 3)

    def test_selected_attribute_names_only(self):
        url = self.create_queue("sel", DelaySeconds=5)
        attrs = self.sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["DelaySeconds", "QueueArn"])["Attributes"]
        self.assertEqual(set(attrs), {"DelaySeconds", "QueueArn"})
        self.assertEqual(attrs["DelaySeconds"], "5")


class TestMessages(SQSTestCase):
    def test_md5_of_body(self):
        url = self.create_queue("md5body")
        body = "héllo, wörld ✓"
        sent = self.sqs.send_message(QueueUrl=url, MessageBody=body)
        expected = hashlib.md5(body.encode("utf-8")).hexdigest()
        self.assertEqual(sent["MD5OfMessageBody"], expected)
        received = self.receive(url)[0]
        self.assertEqual(received["MD5OfBody"], expected)
        self.assertEqual(received["Body"], body)

    def test_md5_of_message_attributes(self):
        url = self.create_queue("md5attr")
        attributes = {
            "zeta": {"DataType": "String", "StringValue": "last ✓"},
            "count": {"DataType": "Number", "StringValue": "42"},
            "blob": {"DataType": "Binary", "BinaryValue": b"\x00\x01\xffbytes"},
            "alpha": {"DataType": "String.custom", "StringValue": "first"},
        }
        sent = self.sqs.send_message(QueueUrl=url, MessageBody="with attributes", MessageAttributes=attributes)
        expected = attributes_md5(attributes)
        self.assertEqual(sent["MD5OfMessageAttributes"], expected)
        self.assertEqual(sent["MD5OfMessageBody"], hashlib.md5(b"with attributes").hexdigest())
        received = self.receive(url, MessageAttributeNames=["All"])[0]
        self.assertEqual(received["MD5OfMessageAttributes"], expected)
        self.assertEqual(received["MessageAttributes"]["count"], {"DataType": "Number", "StringValue": "42"})
        self.assertEqual(received["MessageAttributes"]["blob"]["BinaryValue"], b"\x00\x01\xffbytes")
        self.assertEqual(received["MessageAttributes"]["zeta"]["StringValue"], "last ✓")

    def test_receive_with_zero_visibility_makes_message_visible_again(self):
        url = self.create_queue("vis0")
        self.sqs.send_message(QueueUrl=url, MessageBody="again")
        counts = []
        for _ in range(3):
            messages = self.receive(url, VisibilityTimeout=0, MessageSystemAttributeNames=["ApproximateReceiveCount"])
            self.assertEqual(len(messages), 1)
            self.assertEqual(messages[0]["Body"], "again")
            counts.append(messages[0]["Attributes"]["ApproximateReceiveCount"])
        self.assertEqual(counts, ["1", "2", "3"])

    def test_change_visibility_to_zero(self):
        url = self.create_queue("chvis")
        self.sqs.send_message(QueueUrl=url, MessageBody="hidden")
        first = self.receive(url, MessageSystemAttributeNames=["All"])
        self.assertEqual(len(first), 1)
        self.assertEqual(first[0]["Attributes"]["ApproximateReceiveCount"], "1")
        # In flight for the queue's 30 s: invisible now.
        self.assertEqual(self.receive(url), [])
        self.sqs.change_message_visibility(QueueUrl=url, ReceiptHandle=first[0]["ReceiptHandle"], VisibilityTimeout=0)
        second = self.receive(url, MessageSystemAttributeNames=["All"])
        self.assertEqual([m["Body"] for m in second], ["hidden"])
        self.assertEqual(second[0]["Attributes"]["ApproximateReceiveCount"], "2")
        self.assertNotEqual(second[0]["ReceiptHandle"], first[0]["ReceiptHandle"])

    def test_system_attributes_on_receive(self):
        url = self.create_queue("sysattr")
        before = wire.now_ms()
        self.sqs.send_message(QueueUrl=url, MessageBody="x")
        message = self.receive(url, MessageSystemAttributeNames=["All"])[0]
        attrs = message["Attributes"]
        self.assertEqual(attrs["ApproximateReceiveCount"], "1")
        self.assertGreaterEqual(int(attrs["SentTimestamp"]), before - 2000)
        self.assertLessEqual(int(attrs["SentTimestamp"]), wire.now_ms() + 2000)
        self.assertIn("ApproximateFirstReceiveTimestamp", attrs)
        self.assertIn("SenderId", attrs)

    def test_queue_delay_seconds(self):
        url = self.create_queue("delay")
        self.sqs.send_message(QueueUrl=url, MessageBody="later", DelaySeconds=1)
        self.assertEqual(self.receive(url), [])
        time.sleep(1.3)
        self.assertEqual([m["Body"] for m in self.receive(url)], ["later"])

    def test_long_poll_on_empty_queue_waits(self):
        url = self.create_queue("lp")
        start = time.monotonic()
        response = self.sqs.receive_message(QueueUrl=url, WaitTimeSeconds=1)
        elapsed = time.monotonic() - start
        self.assertNotIn("Messages", response)
        self.assertGreaterEqual(elapsed, 0.8)
        self.assertLess(elapsed, 5.0)

    def test_long_poll_returns_when_a_message_arrives(self):
        url = self.create_queue("lpwake")
        sender = wire.client("sqs")
        timer = threading.Timer(0.5, lambda: sender.send_message(QueueUrl=url, MessageBody="wake"))
        start = time.monotonic()
        timer.start()
        try:
            response = self.sqs.receive_message(QueueUrl=url, WaitTimeSeconds=5)
        finally:
            timer.join()
        elapsed = time.monotonic() - start
        self.assertEqual([m["Body"] for m in response.get("Messages", [])], ["wake"])
        self.assertLess(elapsed, 4.5)


class TestRedrive(SQSTestCase):
    def test_second_receive_moves_message_to_dlq(self):
        dlq = self.create_queue("dlq")
        policy = json.dumps({"deadLetterTargetArn": self.arn(dlq), "maxReceiveCount": 1})
        url = self.create_queue("src", RedrivePolicy=policy)
        sent = self.sqs.send_message(QueueUrl=url, MessageBody="poison")
        first = self.receive(url, VisibilityTimeout=0)
        self.assertEqual([m["Body"] for m in first], ["poison"])
        # The receive that would exceed maxReceiveCount moves the message instead of returning it.
        self.assertEqual(self.receive(url, VisibilityTimeout=0), [])
        moved = self.receive(dlq, MessageSystemAttributeNames=["All"])
        self.assertEqual([m["Body"] for m in moved], ["poison"])
        self.assertEqual(moved[0]["MessageId"], sent["MessageId"])
        self.assertEqual(self.receive(url), [])

    def test_fifo_redrive(self):
        dlq = self.create_queue("fdlq", fifo=True)
        policy = json.dumps({"deadLetterTargetArn": self.arn(dlq), "maxReceiveCount": 2})
        url = self.create_queue("fsrc", fifo=True, RedrivePolicy=policy)
        self.sqs.send_message(QueueUrl=url, MessageBody="fifo poison", MessageGroupId="g", MessageDeduplicationId="d1")
        for _ in range(2):
            self.assertEqual([m["Body"] for m in self.receive(url, VisibilityTimeout=0)], ["fifo poison"])
        self.assertEqual(self.receive(url, VisibilityTimeout=0), [])
        self.assertEqual([m["Body"] for m in self.receive(dlq)], ["fifo poison"])


class TestFifo(SQSTestCase):
    def test_fifo_queue_attributes(self):
        url = self.create_queue("fattr", fifo=True)
        self.assertTrue(url.endswith(".fifo"))
        attrs = self.sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["All"])["Attributes"]
        self.assertEqual(attrs["FifoQueue"], "true")
        self.assertEqual(attrs["ContentBasedDeduplication"], "false")

    def test_order_within_group(self):
        url = self.create_queue("order", fifo=True)
        for i in range(5):
            for group in ("a", "b"):
                sent = self.sqs.send_message(
                    QueueUrl=url, MessageBody=f"{group}{i}", MessageGroupId=group, MessageDeduplicationId=f"{group}-{i}"
                )
                self.assertIn("SequenceNumber", sent)
        messages = self.drain(url, expected=10)
        bodies = [m["Body"] for m in messages]
        self.assertEqual(sorted(bodies), sorted(f"{g}{i}" for g in "ab" for i in range(5)))
        for group in ("a", "b"):
            self.assertEqual([b for b in bodies if b[0] == group], [f"{group}{i}" for i in range(5)])
            self.assertEqual({m["Attributes"]["MessageGroupId"] for m in messages if m["Body"][0] == group}, {group})

    # moto differs: moto 5.2.1 draws random sequence numbers; AWS's "continue to increase" within a group.
    @wire.moto_differs("FIFO SequenceNumber is random, not increasing")
    def test_sequence_numbers_increase(self):
        url = self.create_queue("seq", fifo=True)
        numbers = []
        for i in range(4):
            sent = self.sqs.send_message(QueueUrl=url, MessageBody=f"s{i}", MessageGroupId="g", MessageDeduplicationId=f"s{i}")
            numbers.append(int(sent["SequenceNumber"]))
        self.assertEqual(numbers, sorted(set(numbers)))
        received = self.drain(url, expected=4)
        self.assertEqual([int(m["Attributes"]["SequenceNumber"]) for m in received], numbers)

    def test_group_is_blocked_while_a_message_is_in_flight(self):
        url = self.create_queue("block", fifo=True)
        for i in range(3):
            self.sqs.send_message(QueueUrl=url, MessageBody=f"m{i}", MessageGroupId="g", MessageDeduplicationId=f"d{i}")
        first = self.receive(url, MaxNumberOfMessages=1)
        self.assertEqual([m["Body"] for m in first], ["m0"])
        # m0 is in flight: nothing of group g may be delivered.
        self.assertEqual(self.receive(url), [])
        self.sqs.delete_message(QueueUrl=url, ReceiptHandle=first[0]["ReceiptHandle"])
        self.assertEqual([m["Body"] for m in self.receive(url, MaxNumberOfMessages=1)], ["m1"])

    def test_deduplication_id(self):
        url = self.create_queue("dedup", fifo=True)
        first = self.sqs.send_message(QueueUrl=url, MessageBody="one", MessageGroupId="g", MessageDeduplicationId="same")
        second = self.sqs.send_message(QueueUrl=url, MessageBody="two", MessageGroupId="g", MessageDeduplicationId="same")
        self.assertIn("MessageId", second)
        self.assertEqual(second["MD5OfMessageBody"], hashlib.md5(b"two").hexdigest())
        messages = self.drain(url, expected=2, rounds=3)
        self.assertEqual([m["Body"] for m in messages], ["one"])
        self.assertEqual(messages[0]["MessageId"], first["MessageId"])

    # moto differs: moto forgets a deduplication id once its message is deleted; AWS keeps the 5-minute window.
    @wire.moto_differs("the deduplication window ends when the message is deleted")
    def test_deduplication_window_outlives_delete(self):
        url = self.create_queue("dedupdel", fifo=True)
        self.sqs.send_message(QueueUrl=url, MessageBody="one", MessageGroupId="g", MessageDeduplicationId="same")
        self.assertEqual([m["Body"] for m in self.drain(url, expected=1)], ["one"])
        self.sqs.send_message(QueueUrl=url, MessageBody="again", MessageGroupId="g", MessageDeduplicationId="same")
        self.assertEqual(self.receive(url), [])

    def test_content_based_deduplication(self):
        url = self.create_queue("cbd", fifo=True, ContentBasedDeduplication="true")
        for body in ("same body", "same body", "other body"):
            self.sqs.send_message(QueueUrl=url, MessageBody=body, MessageGroupId="g")
        messages = self.drain(url, expected=3, rounds=3)
        self.assertEqual([m["Body"] for m in messages], ["same body", "other body"])

    def test_fifo_requires_message_group_id(self):
        url = self.create_queue("nogroup", fifo=True, ContentBasedDeduplication="true")
        with self.assertRaises(self.sqs.exceptions.ClientError) as caught:
            self.sqs.send_message(QueueUrl=url, MessageBody="x")
        self.assertEqual(wire.error_code(caught.exception), "MissingParameter")

    def test_fifo_requires_dedup_id_without_content_based_deduplication(self):
        url = self.create_queue("nodedup", fifo=True)
        with self.assertRaises(self.sqs.exceptions.ClientError) as caught:
            self.sqs.send_message(QueueUrl=url, MessageBody="x", MessageGroupId="g")
        self.assertEqual(wire.error_code(caught.exception), "InvalidParameterValue")


class TestBatches(SQSTestCase):
    def test_send_batch_with_one_bad_entry(self):
        url = self.create_queue("sbatch")
        response = self.sqs.send_message_batch(
            QueueUrl=url,
            Entries=[
                {"Id": "ok1", "MessageBody": "first"},
                {"Id": "bad", "MessageBody": "too late", "DelaySeconds": 1000},
                {"Id": "ok2", "MessageBody": "second"},
            ],
        )
        successful = {entry["Id"]: entry for entry in response["Successful"]}
        self.assertEqual(set(successful), {"ok1", "ok2"})
        self.assertEqual(successful["ok1"]["MD5OfMessageBody"], hashlib.md5(b"first").hexdigest())
        self.assertEqual(len(response["Failed"]), 1)
        failed = response["Failed"][0]
        self.assertEqual(failed["Id"], "bad")
        self.assertTrue(failed["SenderFault"])
        self.assertEqual(failed["Code"], "InvalidParameterValue")
        self.assertEqual(sorted(m["Body"] for m in self.drain(url, expected=2, rounds=3)), ["first", "second"])

    def test_delete_batch_with_one_bad_entry(self):
        url = self.create_queue("dbatch")
        self.sqs.send_message_batch(QueueUrl=url, Entries=[{"Id": f"m{i}", "MessageBody": f"m{i}"} for i in range(2)])
        messages = []
        for _ in range(3):
            messages += self.receive(url)
            if len(messages) == 2:
                break
        self.assertEqual(len(messages), 2)
        entries = [{"Id": f"e{i}", "ReceiptHandle": m["ReceiptHandle"]} for i, m in enumerate(messages)]
        entries.append({"Id": "bad", "ReceiptHandle": "not-a-receipt-handle"})
        response = self.sqs.delete_message_batch(QueueUrl=url, Entries=entries)
        self.assertEqual(sorted(e["Id"] for e in response["Successful"]), ["e0", "e1"])
        self.assertEqual([(f["Id"], f["Code"], f["SenderFault"]) for f in response["Failed"]], [("bad", "ReceiptHandleIsInvalid", True)])
        attrs = self.sqs.get_queue_attributes(
            QueueUrl=url, AttributeNames=["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"]
        )["Attributes"]
        self.assertEqual(attrs, {"ApproximateNumberOfMessages": "0", "ApproximateNumberOfMessagesNotVisible": "0"})

    def test_change_visibility_batch_with_one_bad_entry(self):
        url = self.create_queue("cbatch")
        self.sqs.send_message(QueueUrl=url, MessageBody="back")
        message = self.receive(url)[0]
        response = self.sqs.change_message_visibility_batch(
            QueueUrl=url,
            Entries=[
                {"Id": "good", "ReceiptHandle": message["ReceiptHandle"], "VisibilityTimeout": 0},
                {"Id": "bad", "ReceiptHandle": "not-a-receipt-handle", "VisibilityTimeout": 0},
            ],
        )
        self.assertEqual([e["Id"] for e in response["Successful"]], ["good"])
        self.assertEqual([(f["Id"], f["Code"], f["SenderFault"]) for f in response["Failed"]], [("bad", "ReceiptHandleIsInvalid", True)])
        self.assertEqual([m["Body"] for m in self.receive(url)], ["back"])

    def test_send_batch_duplicate_ids(self):
        url = self.create_queue("dupsend")
        with self.assertRaises(self.sqs.exceptions.BatchEntryIdsNotDistinct) as caught:
            self.sqs.send_message_batch(
                QueueUrl=url, Entries=[{"Id": "x", "MessageBody": "1"}, {"Id": "x", "MessageBody": "2"}]
            )
        self.assertEqual(wire.error_code(caught.exception), "AWS.SimpleQueueService.BatchEntryIdsNotDistinct")
        self.assertEqual(self.receive(url), [])

    def test_delete_batch_duplicate_ids(self):
        url = self.create_queue("dupdel")
        self.sqs.send_message(QueueUrl=url, MessageBody="x")
        handle = self.receive(url)[0]["ReceiptHandle"]
        with self.assertRaises(self.sqs.exceptions.BatchEntryIdsNotDistinct) as caught:
            self.sqs.delete_message_batch(
                QueueUrl=url, Entries=[{"Id": "x", "ReceiptHandle": handle}, {"Id": "x", "ReceiptHandle": handle}]
            )
        self.assertEqual(wire.error_code(caught.exception), "AWS.SimpleQueueService.BatchEntryIdsNotDistinct")

    # moto differs: moto 5.2.1 does not check ChangeMessageVisibilityBatch ids for duplicates.
    @wire.moto_differs("ChangeMessageVisibilityBatch does not check for duplicate entry ids")
    def test_change_visibility_batch_duplicate_ids(self):
        url = self.create_queue("dupvis")
        self.sqs.send_message(QueueUrl=url, MessageBody="x")
        handle = self.receive(url)[0]["ReceiptHandle"]
        with self.assertRaises(self.sqs.exceptions.BatchEntryIdsNotDistinct) as caught:
            self.sqs.change_message_visibility_batch(
                QueueUrl=url,
                Entries=[
                    {"Id": "x", "ReceiptHandle": handle, "VisibilityTimeout": 0},
                    {"Id": "x", "ReceiptHandle": handle, "VisibilityTimeout": 5},
                ],
            )
        self.assertEqual(wire.error_code(caught.exception), "AWS.SimpleQueueService.BatchEntryIdsNotDistinct")

    def test_too_many_entries(self):
        url = self.create_queue("toomany")
        with self.assertRaises(self.sqs.exceptions.TooManyEntriesInBatchRequest) as caught:
            self.sqs.send_message_batch(QueueUrl=url, Entries=[{"Id": f"m{i}", "MessageBody": "x"} for i in range(11)])
        self.assertEqual(wire.error_code(caught.exception), "AWS.SimpleQueueService.TooManyEntriesInBatchRequest")


class TestQueryProtocol(SQSTestCase):
    def test_list_queues(self):
        name = wire.unique("query")
        url = self.sqs.create_queue(QueueName=name)["QueueUrl"]
        self.addCleanup(self._delete_quietly, url)
        status, text = query_post(
            wire.ENDPOINT + "/", {"Action": "ListQueues", "Version": "2012-11-05", "QueueNamePrefix": name}
        )
        self.assertEqual(status, 200, text)
        self.assertIn("ListQueuesResponse", text)
        root = ET.fromstring(text)
        self.assertEqual(root.tag, f"{SQS_NS}ListQueuesResponse")
        urls = [element.text for element in root.iter(f"{SQS_NS}QueueUrl")]
        self.assertEqual(urls, [url])

    def test_get_queue_url_of_missing_queue(self):
        status, text = query_post(
            wire.ENDPOINT + "/", {"Action": "GetQueueUrl", "Version": "2012-11-05", "QueueName": "nope"}
        )
        self.assertEqual(status, 400, text)
        self.assertIn("<ErrorResponse", text)
        self.assertIn("<Code>AWS.SimpleQueueService.NonExistentQueue</Code>", text)
        root = ET.fromstring(text)
        self.assertEqual(root.tag, f"{SQS_NS}ErrorResponse")
        self.assertEqual(root.find(f"{SQS_NS}Error/{SQS_NS}Type").text, "Sender")

    def test_get_queue_url(self):
        name = wire.unique("qurl")
        url = self.sqs.create_queue(QueueName=name)["QueueUrl"]
        self.addCleanup(self._delete_quietly, url)
        status, text = query_post(wire.ENDPOINT + "/", {"Action": "GetQueueUrl", "Version": "2012-11-05", "QueueName": name})
        self.assertEqual(status, 200, text)
        self.assertEqual(ET.fromstring(text).find(f".//{SQS_NS}QueueUrl").text, url)


if __name__ == "__main__":
    unittest.main()
