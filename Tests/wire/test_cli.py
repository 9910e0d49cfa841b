"""The aws CLI against the endpoint: `aws --endpoint-url $WSIM_ENDPOINT --region us-east-1 ...`, JSON output."""

import hashlib
import json
import subprocess
import time
import unittest

import wire


def aws_json(*args):
    done = wire.aws(*args, "--output", "json")
    return json.loads(done.stdout) if done.stdout.strip() else {}


class TestSQSCli(unittest.TestCase):
    def test_create_send_receive(self):
        name = wire.unique("cli")
        url = aws_json("sqs", "create-queue", "--queue-name", name)["QueueUrl"]
        self.addCleanup(lambda: wire.aws("sqs", "delete-queue", "--queue-url", url, check=False))
        self.assertEqual(url, f"{wire.ENDPOINT}/{wire.ACCOUNT}/{name}")

        sent = aws_json("sqs", "send-message", "--queue-url", url, "--message-body", "hello from the cli")
        self.assertEqual(sent["MD5OfMessageBody"], hashlib.md5(b"hello from the cli").hexdigest())
        self.assertTrue(sent["MessageId"])

        received = aws_json(
            "sqs", "receive-message", "--queue-url", url, "--attribute-names", "All", "--wait-time-seconds", "1"
        )
        self.assertEqual([m["Body"] for m in received["Messages"]], ["hello from the cli"])
        self.assertEqual(received["Messages"][0]["MessageId"], sent["MessageId"])
        self.assertEqual(received["Messages"][0]["Attributes"]["ApproximateReceiveCount"], "1")

    def test_missing_queue_exit_status(self):
        done = wire.aws("sqs", "get-queue-url", "--queue-name", wire.unique("nocli"), check=False)
        self.assertNotEqual(done.returncode, 0)
        self.assertIn("AWS.SimpleQueueService.NonExistentQueue", done.stderr)


class TestDynamoDBCli(unittest.TestCase):
    def test_scan(self):
        ddb = wire.client("dynamodb")
        name = wire.unique("clitable")
        ddb.create_table(
            TableName=name,
            AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
            KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
            BillingMode="PAY_PER_REQUEST",
        )
        self.addCleanup(lambda: ddb.delete_table(TableName=name))
        for i in range(3):
            ddb.put_item(TableName=name, Item={"pk": {"S": f"k{i}"}, "n": {"N": str(i)}})
        # The CLI's own paginator follows LastEvaluatedKey with --page-size 2.
        scanned = aws_json("dynamodb", "scan", "--table-name", name, "--page-size", "2")
        self.assertEqual(sorted(item["pk"]["S"] for item in scanned["Items"]), ["k0", "k1", "k2"])
        self.assertEqual(scanned["Count"], 3)
        self.assertEqual({item["pk"]["S"]: item["n"]["N"] for item in scanned["Items"]}, {"k0": "0", "k1": "1", "k2": "2"})


class TestLogsCli(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.logs = wire.client("logs")
        cls.group = "/wire/" + wire.unique("cli")
        cls.logs.create_log_group(logGroupName=cls.group)
        cls.logs.create_log_stream(logGroupName=cls.group, logStreamName="app")
        now = wire.now_ms()
        cls.lines = ["INFO started", "ERROR database unreachable", "INFO request ok", "ERROR disk full"]
        cls.logs.put_log_events(
            logGroupName=cls.group,
            logStreamName="app",
            logEvents=[{"timestamp": now - 5000 + i, "message": m} for i, m in enumerate(cls.lines)],
        )

    @classmethod
    def tearDownClass(cls):
        cls.logs.delete_log_group(logGroupName=cls.group)

    def test_filter_log_events(self):
        start = str(wire.now_ms() - 3600 * 1000)
        result = aws_json(
            "logs", "filter-log-events", "--log-group-name", self.group, "--filter-pattern", "ERROR", "--start-time", start
        )
        self.assertEqual([e["message"] for e in result["events"]], ["ERROR database unreachable", "ERROR disk full"])
        self.assertEqual({e["logStreamName"] for e in result["events"]}, {"app"})

    def test_filter_log_events_as_text_lines(self):
        # What `aws logs tail --filter-pattern ERROR --since 1h` asks for (FilterLogEvents from now - 1 h),
        # printed one event a line.
        start = str(wire.now_ms() - 3600 * 1000)
        done = wire.aws(
            "logs", "filter-log-events", "--log-group-name", self.group, "--filter-pattern", "ERROR",
            "--start-time", start, "--query", "events[].[logStreamName, message]", "--output", "text",
        )
        lines = [line for line in done.stdout.splitlines() if line.strip()]
        self.assertEqual(lines, ["app\tERROR database unreachable", "app\tERROR disk full"])

    def test_tail_with_filter_pattern(self):
        # `aws logs tail` is a v2 command (Debian's awscli; .ci/run installs it): FilterLogEvents from --since.
        done = wire.aws("logs", "tail", self.group, "--filter-pattern", "ERROR", "--since", "1h", exe=wire.require_aws_v2())
        output = done.stdout
        self.assertIn("ERROR database unreachable", output)
        self.assertIn("ERROR disk full", output)
        self.assertNotIn("INFO started", output)
        self.assertNotIn("INFO request ok", output)
        printed = [line for line in output.splitlines() if line.strip()]
        self.assertEqual(len(printed), 2)
        self.assertTrue(all(" app " in line for line in printed), printed)

    def test_tail_follow_prints_events_as_they_arrive(self):
        # `--follow` polls FilterLogEvents every few seconds from the newest event it has printed: an event put
        # after it started appears, once, and a filtered-out one never does.
        exe = wire.require_aws_v2()
        group = "/wire/" + wire.unique("follow")
        self.logs.create_log_group(logGroupName=group)
        self.addCleanup(lambda: self.logs.delete_log_group(logGroupName=group))
        self.logs.create_log_stream(logGroupName=group, logStreamName="app")
        command = [exe, "--endpoint-url", wire.ENDPOINT, "--region", wire.REGION, "logs", "tail", group,
                   "--follow", "--filter-pattern", "ERROR", "--format", "short"]
        # Unbuffered, so what it printed is in the pipe when it is killed (SIGKILL: a test runner may hand its
        # children SIGTERM ignored).
        environment = dict(wire.aws_environment(), PYTHONUNBUFFERED="1")
        tail = subprocess.Popen(command, env=environment, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            time.sleep(2)
            self.logs.put_log_events(
                logGroupName=group, logStreamName="app",
                logEvents=[{"timestamp": wire.now_ms(), "message": "ERROR while following"},
                           {"timestamp": wire.now_ms(), "message": "INFO not shown"}],
            )
            time.sleep(12)
        finally:
            tail.kill()
            output, errors = tail.communicate(timeout=30)
        printed = [line for line in output.splitlines() if line.strip()]
        self.assertEqual(len(printed), 1, f"stdout:\n{output}\nstderr:\n{errors}")
        self.assertTrue(printed[0].endswith(" ERROR while following"), printed)

if __name__ == "__main__":
    unittest.main()
