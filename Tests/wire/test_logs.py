"""CloudWatch Logs over the wire (JSON 1.1, Logs_20140328.*)."""

import json
import unittest

import wire

PLAIN = [
    "ERROR disk full on /dev/sda",
    "WARN disk almost full",
    "INFO request served in 12 ms",
    "ERROR timeout talking to db",
    "user said exact phrase here",
    "user said phrase exact here",
]
JSON_EVENTS = [
    {"level": "ERROR", "msg": "json failure", "code": 500},
    {"level": "INFO", "msg": "json ok", "code": 200},
    {"level": "WARN", "msg": "json slow", "code": 302},
]


class LogsTestCase(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.logs = wire.client("logs")

    def create_group(self, prefix="grp", streams=()):
        name = "/wire/" + wire.unique(prefix)
        self.logs.create_log_group(logGroupName=name)
        self.addCleanup(self._delete_quietly, name)
        for stream in streams:
            self.logs.create_log_stream(logGroupName=name, logStreamName=stream)
        return name

    def _delete_quietly(self, name):
        try:
            self.logs.delete_log_group(logGroupName=name)
        except Exception:
            pass

    def put(self, group, stream, messages, start=None, step=1):
        """Puts `messages` with timestamps start, start+step, ... (ms); `start` defaults to now - len."""
        start = wire.now_ms() - len(messages) * step - 1000 if start is None else start
        events = [{"timestamp": start + i * step, "message": m} for i, m in enumerate(messages)]
        response = self.logs.put_log_events(logGroupName=group, logStreamName=stream, logEvents=events)
        self.assertNotIn("rejectedLogEventsInfo", response)
        return events


class TestGroupsAndStreams(LogsTestCase):
    def test_describe_groups_and_retention(self):
        prefix = "/wire/" + wire.unique("desc")
        for suffix in ("a", "b"):
            self.logs.create_log_group(logGroupName=f"{prefix}/{suffix}")
            self.addCleanup(self._delete_quietly, f"{prefix}/{suffix}")
        groups = self.logs.describe_log_groups(logGroupNamePrefix=prefix)["logGroups"]
        self.assertEqual([g["logGroupName"] for g in groups], [f"{prefix}/a", f"{prefix}/b"])
        self.assertNotIn("retentionInDays", groups[0])
        self.assertTrue(groups[0]["arn"].startswith(f"arn:aws:logs:us-east-1:123456789012:log-group:{prefix}/a"))
        self.assertGreater(groups[0]["creationTime"], wire.now_ms() - 600_000)
        self.logs.put_retention_policy(logGroupName=f"{prefix}/a", retentionInDays=7)
        groups = self.logs.describe_log_groups(logGroupNamePrefix=prefix)["logGroups"]
        self.assertEqual(groups[0]["retentionInDays"], 7)
        self.assertNotIn("retentionInDays", groups[1])

    # moto differs: moto 5.2.1 accepts any retentionInDays; AWS allows only 1, 3, 5, 7, 14, 30, ... 3653.
    @wire.moto_differs("PutRetentionPolicy accepts any retentionInDays")
    def test_invalid_retention(self):
        group = self.create_group("ret")
        with self.assertRaises(self.logs.exceptions.InvalidParameterException):
            self.logs.put_retention_policy(logGroupName=group, retentionInDays=8)

    def test_create_existing_group(self):
        group = self.create_group("exists")
        with self.assertRaises(self.logs.exceptions.ResourceAlreadyExistsException):
            self.logs.create_log_group(logGroupName=group)

    def test_describe_streams(self):
        group = self.create_group("streams", streams=("app/1", "app/2", "web/1"))
        streams = self.logs.describe_log_streams(logGroupName=group)["logStreams"]
        self.assertEqual([s["logStreamName"] for s in streams], ["app/1", "app/2", "web/1"])
        self.assertTrue(streams[0]["arn"].endswith(f"log-group:{group}:log-stream:app/1"))
        prefixed = self.logs.describe_log_streams(logGroupName=group, logStreamNamePrefix="app/")["logStreams"]
        self.assertEqual([s["logStreamName"] for s in prefixed], ["app/1", "app/2"])

    def test_delete_group(self):
        group = self.create_group("gone")
        self.logs.delete_log_group(logGroupName=group)
        self.assertEqual(self.logs.describe_log_groups(logGroupNamePrefix=group)["logGroups"], [])
        with self.assertRaises(self.logs.exceptions.ResourceNotFoundException):
            self.logs.delete_log_group(logGroupName=group)

    def test_missing_group(self):
        group = "/wire/" + wire.unique("missing")
        with self.assertRaises(self.logs.exceptions.ResourceNotFoundException) as caught:
            self.logs.describe_log_streams(logGroupName=group)
        self.assertEqual(wire.error_code(caught.exception), "ResourceNotFoundException")
        self.assertEqual(caught.exception.response["ResponseMetadata"]["HTTPStatusCode"], 400)
        with self.assertRaises(self.logs.exceptions.ResourceNotFoundException):
            self.logs.create_log_stream(logGroupName=group, logStreamName="s")
        with self.assertRaises(self.logs.exceptions.ResourceNotFoundException):
            self.logs.put_log_events(
                logGroupName=group, logStreamName="s", logEvents=[{"timestamp": wire.now_ms(), "message": "x"}]
            )
        with self.assertRaises(self.logs.exceptions.ResourceNotFoundException):
            self.logs.filter_log_events(logGroupName=group)
        with self.assertRaises(self.logs.exceptions.ResourceNotFoundException):
            self.logs.get_log_events(logGroupName=group, logStreamName="s")

    def test_missing_stream(self):
        group = self.create_group("nostream")
        with self.assertRaises(self.logs.exceptions.ResourceNotFoundException):
            self.logs.put_log_events(
                logGroupName=group, logStreamName="absent", logEvents=[{"timestamp": wire.now_ms(), "message": "x"}]
            )


class TestEvents(LogsTestCase):
    def test_put_and_get_from_head(self):
        group = self.create_group("get", streams=("s",))
        events = self.put(group, "s", ["first", "second", "third"])
        response = self.logs.get_log_events(logGroupName=group, logStreamName="s", startFromHead=True)
        got = response["events"]
        self.assertEqual([e["message"] for e in got], ["first", "second", "third"])
        self.assertEqual([e["timestamp"] for e in got], [e["timestamp"] for e in events])
        for event in got:
            self.assertGreaterEqual(event["ingestionTime"], events[0]["timestamp"])
        # Tokens are opaque, never null (AWS's look like "f/<digits>" and "b/<digits>").
        self.assertTrue(response["nextForwardToken"])
        self.assertTrue(response["nextBackwardToken"])

    def test_get_paging_until_token_repeats(self):
        group = self.create_group("paging", streams=("s",))
        messages = [f"line {i:02d}" for i in range(25)]
        self.put(group, "s", messages)
        collected, token, calls = [], None, 0
        while calls < 20:
            kwargs = {"logGroupName": group, "logStreamName": "s", "startFromHead": True, "limit": 10}
            if token:
                kwargs["nextToken"] = token
            response = self.logs.get_log_events(**kwargs)
            calls += 1
            self.assertLessEqual(len(response["events"]), 10)
            collected += [e["message"] for e in response["events"]]
            if response["nextForwardToken"] == token:
                break
            token = response["nextForwardToken"]
        self.assertEqual(collected, messages)
        # At least 3 pages of 10, then the call whose token comes back unchanged.
        self.assertGreaterEqual(calls, 4)

    def test_get_newest_by_default(self):
        group = self.create_group("newest", streams=("s",))
        self.put(group, "s", [f"n{i}" for i in range(8)])
        response = self.logs.get_log_events(logGroupName=group, logStreamName="s", limit=3)
        # startFromHead defaults to false: the newest events, listed oldest first.
        self.assertEqual([e["message"] for e in response["events"]], ["n5", "n6", "n7"])

    # moto differs: moto 5.2.1 includes events at endTime; AWS GetLogEvents excludes them
    # ("Events with a timestamp equal to or later than this time are not included").
    @wire.moto_differs("GetLogEvents endTime is inclusive")
    def test_get_with_time_range(self):
        group = self.create_group("range", streams=("s",))
        start = wire.now_ms() - 10_000
        self.put(group, "s", ["t0", "t1", "t2", "t3"], start=start, step=1000)
        response = self.logs.get_log_events(
            logGroupName=group, logStreamName="s", startTime=start + 1000, endTime=start + 3000, startFromHead=True
        )
        # startTime is inclusive, endTime exclusive.
        self.assertEqual([e["message"] for e in response["events"]], ["t1", "t2"])

    def test_too_old_events_are_rejected_individually(self):
        group = self.create_group("old", streams=("s",))
        now = wire.now_ms()
        response = self.logs.put_log_events(
            logGroupName=group,
            logStreamName="s",
            # Both within 24 hours of each other (a batch may not span more), the first older than 14 days.
            logEvents=[
                {"timestamp": now - (14 * 24 + 1) * 3600 * 1000, "message": "ancient"},
                {"timestamp": now - (13 * 24 + 3) * 3600 * 1000, "message": "recent"},
            ],
        )
        self.assertEqual(response["rejectedLogEventsInfo"]["tooOldLogEventEndIndex"], 0)
        got = self.logs.get_log_events(logGroupName=group, logStreamName="s", startFromHead=True)["events"]
        self.assertEqual([e["message"] for e in got], ["recent"])

    def test_describe_stream_after_put(self):
        group = self.create_group("descput", streams=("s",))
        events = self.put(group, "s", ["a", "b"])
        stream = self.logs.describe_log_streams(logGroupName=group)["logStreams"][0]
        self.assertEqual(stream["logStreamName"], "s")
        self.assertGreater(stream["creationTime"], 0)
        # The event timestamps are updated eventually in AWS; when present they must match.
        if "firstEventTimestamp" in stream:
            self.assertEqual(stream["firstEventTimestamp"], events[0]["timestamp"])


class TestFilter(LogsTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.group = "/wire/" + wire.unique("filter")
        cls.logs.create_log_group(logGroupName=cls.group)
        for stream in ("plain", "json"):
            cls.logs.create_log_stream(logGroupName=cls.group, logStreamName=stream)
        start = wire.now_ms() - 60_000
        cls.logs.put_log_events(
            logGroupName=cls.group,
            logStreamName="plain",
            logEvents=[{"timestamp": start + i, "message": m} for i, m in enumerate(PLAIN)],
        )
        cls.logs.put_log_events(
            logGroupName=cls.group,
            logStreamName="json",
            logEvents=[{"timestamp": start + 100 + i, "message": json.dumps(m)} for i, m in enumerate(JSON_EVENTS)],
        )

    @classmethod
    def tearDownClass(cls):
        try:
            cls.logs.delete_log_group(logGroupName=cls.group)
        except Exception:
            pass

    def filtered(self, pattern, streams=("plain",)):
        kwargs = {"logGroupName": self.group, "filterPattern": pattern}
        if streams:
            kwargs["logStreamNames"] = list(streams)
        messages, token = [], None
        for _ in range(20):
            if token:
                kwargs["nextToken"] = token
            response = self.logs.filter_log_events(**kwargs)
            messages += [e["message"] for e in response["events"]]
            token = response.get("nextToken")
            if not token:
                break
        return messages

    def test_empty_pattern_matches_all(self):
        self.assertEqual(self.filtered(""), PLAIN)

    def test_single_term(self):
        self.assertEqual(self.filtered("ERROR"), [PLAIN[0], PLAIN[3]])

    def test_terms_are_anded(self):
        self.assertEqual(self.filtered("ERROR disk"), [PLAIN[0]])

    def test_quoted_phrase(self):
        self.assertEqual(self.filtered('"exact phrase"'), ["user said exact phrase here"])

    # moto differs: moto 5.2.1 does not support ?term (it matches every event).
    @wire.moto_differs("?term (OR) patterns are not supported")
    def test_optional_terms_are_ored(self):
        self.assertEqual(self.filtered("?timeout ?almost"), [PLAIN[1], PLAIN[3]])

    # moto differs: moto 5.2.1 does not support -term exclusion.
    @wire.moto_differs("-term (exclusion) patterns are not supported")
    def test_excluded_term(self):
        self.assertEqual(self.filtered("ERROR -timeout"), [PLAIN[0]])

    # AWS filter patterns are case-sensitive.
    def test_terms_are_case_sensitive(self):
        self.assertEqual(self.filtered("error"), [])

    # moto differs: moto 5.2.1 does not evaluate JSON selectors (it matches every event).
    @wire.moto_differs("JSON selector patterns are not evaluated")
    def test_json_selector_string(self):
        self.assertEqual(self.filtered('{ $.level = "ERROR" }', streams=None), [json.dumps(JSON_EVENTS[0])])

    @wire.moto_differs("JSON selector patterns are not evaluated")
    def test_json_selector_numeric_and_boolean_logic(self):
        self.assertEqual(
            self.filtered("{ $.code > 250 }", streams=("json",)), [json.dumps(JSON_EVENTS[0]), json.dumps(JSON_EVENTS[2])]
        )
        self.assertEqual(
            self.filtered('{ $.level = "INFO" || $.code = 500 }', streams=("json",)),
            [json.dumps(JSON_EVENTS[0]), json.dumps(JSON_EVENTS[1])],
        )
        self.assertEqual(self.filtered('{ $.level = "WARN" && $.code = 500 }', streams=("json",)), [])

    def test_filter_events_carry_stream_and_ids(self):
        response = self.logs.filter_log_events(logGroupName=self.group, logStreamNames=["plain"], filterPattern="WARN")
        events = response["events"]
        self.assertEqual(len(events), 1)
        self.assertEqual(events[0]["logStreamName"], "plain")
        self.assertEqual(events[0]["message"], PLAIN[1])
        self.assertTrue(events[0]["eventId"])
        self.assertIn("timestamp", events[0])
        self.assertIn("ingestionTime", events[0])

    # moto differs: moto 5.2.1 ignores logStreamNamePrefix in FilterLogEvents.
    @wire.moto_differs("FilterLogEvents ignores logStreamNamePrefix")
    def test_stream_name_prefix(self):
        response = self.logs.filter_log_events(logGroupName=self.group, logStreamNamePrefix="js")
        self.assertEqual({e["logStreamName"] for e in response["events"]}, {"json"})
        self.assertEqual(len(response["events"]), len(JSON_EVENTS))


class TestFilterPagingAndTime(LogsTestCase):
    def test_filter_paging(self):
        group = self.create_group("fpage", streams=("s",))
        messages = [f"event {i:02d}" for i in range(15)]
        self.put(group, "s", messages)
        collected, token, calls = [], None, 0
        while calls < 20:
            kwargs = {"logGroupName": group, "limit": 4}
            if token:
                kwargs["nextToken"] = token
            response = self.logs.filter_log_events(**kwargs)
            calls += 1
            self.assertLessEqual(len(response["events"]), 4)
            collected += [e["message"] for e in response["events"]]
            token = response.get("nextToken")
            if not token:
                break
        self.assertEqual(collected, messages)
        self.assertGreaterEqual(calls, 4)

    def test_filter_time_window(self):
        group = self.create_group("ftime", streams=("s",))
        start = wire.now_ms() - 10_000
        self.put(group, "s", ["w0", "w1", "w2", "w3"], start=start, step=1000)
        response = self.logs.filter_log_events(logGroupName=group, startTime=start + 1000, endTime=start + 2000)
        self.assertEqual([e["message"] for e in response["events"]], ["w1", "w2"])

    # moto differs: moto 5.2.1 interleaves only with interleaved=True; AWS ignores the flag since 2019
    # and always interleaves events of all streams by time.
    @wire.moto_differs("FilterLogEvents does not interleave streams unless interleaved=True")
    def test_filter_across_streams_in_time_order(self):
        group = self.create_group("fmerge", streams=("a", "b"))
        start = wire.now_ms() - 10_000
        self.put(group, "a", ["a0", "a1"], start=start, step=2)
        self.put(group, "b", ["b0", "b1"], start=start + 1, step=2)
        response = self.logs.filter_log_events(logGroupName=group)
        self.assertEqual([e["message"] for e in response["events"]], ["a0", "b0", "a1", "b1"])


if __name__ == "__main__":
    unittest.main()
