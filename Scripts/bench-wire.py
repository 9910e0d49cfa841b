#!/usr/bin/env python3
"""Wire benchmark: `wsim serve` next to moto_server, in one run, over loopback HTTP.

    python Scripts/bench-wire.py --wsim .build/release/wsim [--moto moto_server] [--seconds 5]
                                 [--concurrency 1] [--rounds 3] [--starts 3] [--no-wrk] [--out FILE]

What it measures, for each server (same client code, same machine, one after the other):

  time to first answer   from just before subprocess.Popen to the first HTTP 200, polled every 2 ms with a raw
                         socket request (wsim: GET /_wsim/health, else an SQS ListQueues; moto: SQS ListQueues),
                         and separately to the first SQS ListQueues answer (the same request for both).
                         Median of --starts starts.
  raw-http               SQS GetQueueUrl, JSON 1.0 protocol, over one keep-alive http.client.HTTPConnection
                         (per client thread; --concurrency threads), no boto3, no signing.
  raw-ddb-get            DynamoDB GetItem the same way, on an item put beforehand.
  boto3-sqs-cycle        boto3 send_message + receive_message(WaitTimeSeconds=0) + delete_message.
  boto3-ddb-putget       boto3 put_item + get_item.
  wrk rows               when wrk (https://github.com/wg/wrk) is on PATH and --no-wrk is not given: the raw-http
                         request (SQS GetQueueUrl) with `wrk -t1 -c1` and `wrk -t1 -c4`, and the raw-ddb-get
                         request (DynamoDB GetItem) with `wrk -t1 -c1`, so the rate is not capped by the Python
                         client. Requests/sec and wrk's average latency; non-2xx answers and socket errors count
                         as errors. wrk takes whole seconds, so the time is split in min(--rounds, --seconds)
                         slices of round(--seconds / slices) s (at least 1 s), alternating servers.
  RSS after              VmRSS of the server process and its descendants, after every workload (wrk included).

Each workload runs --seconds per server, split in --rounds slices that alternate between the servers (so a
background load, e.g. a build, hits both alike); ops/s is the median of the slices' rates, latency percentiles
come from every call of every slice. Each slice starts with a short untimed warm-up.

Exit status: 0 when every workload ran without errors; 1 when a server failed to start; 2 for usage errors
(e.g. moto_server not found); 3 when the table was printed but some workload had errors.
"""
import argparse
import atexit
import collections
import ctypes
import http.client
import json
import math
import os
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time

HOST = "127.0.0.1"
REGION = "us-east-1"
QUEUE = "bench"
CYCLE_QUEUE = "bench-cycle"
TABLE = "bench"
ITEM_KEY = "bench-item"
BUCKET = "bench-bucket"
OBJECT_KEY = "object-4k"
OBJECT_BODY = b"x" * 4096
POLL_INTERVAL = 0.002
START_TIMEOUT = float(os.environ.get("BENCH_WIRE_START_TIMEOUT", "60"))


def auth_header(service):
    return (f"AWS4-HMAC-SHA256 Credential=test/20260101/{REGION}/{service}/aws4_request, "
            "SignedHeaders=host, Signature=0")


def progress(message):
    print(message, file=sys.stderr, flush=True)


class StartFailure(Exception):
    """A server exited or did not answer in time; carries what it wrote."""

    def __init__(self, message, output):
        super().__init__(message)
        self.output = output


# ---------------------------------------------------------------------------------------------------------
# Server processes


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


try:
    _PRCTL = ctypes.CDLL(None, use_errno=True).prctl
except (OSError, AttributeError):
    _PRCTL = None


def _die_with_parent():
    """In the child, before exec: get SIGTERM if this script dies without cleaning up (even by SIGKILL)."""
    if _PRCTL is not None:
        _PRCTL(1, int(signal.SIGTERM))  # PR_SET_PDEATHSIG


LIVE = []  # every Server started and not yet stopped; atexit and signal handlers stop them


def stop_all():
    for server in list(LIVE):
        server.stop()


class Server:
    """One server process in its own process group (so its children go with it)."""

    def __init__(self, name, argv_for_port, probes):
        self.name = name
        self.argv_for_port = argv_for_port
        self.probes = probes  # [(label, request bytes)] tried in order on each poll once the port accepts
        self.proc = None
        self.port = None
        self.stdout_lines = collections.deque(maxlen=200)
        self.ready_line_ms = None
        self.stderr_file = None

    # -- lifecycle

    def start(self):
        """Starts the server on a free port; returns (ms to first answer, probe label, ms to first SQS answer)."""
        for attempt in range(3):
            self.port = free_port()
            argv = self.argv_for_port(self.port)
            self.stderr_file = tempfile.TemporaryFile()
            self.stdout_lines = collections.deque(maxlen=200)
            self.ready_line_ms = None
            t0 = time.perf_counter()
            self.proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                         stderr=self.stderr_file, start_new_session=True,
                                         preexec_fn=_die_with_parent)
            LIVE.append(self)
            threading.Thread(target=self._drain_stdout, args=(self.proc, t0), daemon=True).start()
            try:
                first_ms, label = self._poll(t0)
                if label == "sqs":
                    sqs_ms = first_ms
                else:
                    sqs_ms = self._sqs_after(t0)
                return first_ms, label, sqs_ms
            except StartFailure as failure:
                self.stop()
                if attempt < 2 and "in use" in failure.output.lower():
                    progress(f"{self.name}: port {self.port} was taken meanwhile, trying another")
                    continue
                raise

    def _drain_stdout(self, proc, t0):
        for raw in proc.stdout:
            line = raw.decode("utf-8", "replace").rstrip("\n")
            if self.proc is proc:
                if self.ready_line_ms is None and "ready" in line:
                    self.ready_line_ms = (time.perf_counter() - t0) * 1000
                self.stdout_lines.append(line)

    def output(self):
        text = ""
        if self.stderr_file is not None:
            try:
                self.stderr_file.seek(0)
                data = self.stderr_file.read()
                text += data[-20000:].decode("utf-8", "replace")
            except (OSError, ValueError):
                pass
        if self.stdout_lines:
            text += "\n[stdout]\n" + "\n".join(list(self.stdout_lines)[-50:])
        return text

    def _check_alive(self):
        code = self.proc.poll()
        if code is not None:
            raise StartFailure(f"{self.name} exited with status {code} before answering", self.output())

    def _poll(self, t0):
        deadline = t0 + START_TIMEOUT
        while True:
            self._check_alive()
            if time.perf_counter() > deadline:
                raise StartFailure(f"{self.name} did not answer within {START_TIMEOUT:.0f} s", self.output())
            for label, request in self.probes:
                status = raw_request(self.port, request)
                if status is None:
                    break  # not listening yet
                if status == 200:
                    return (time.perf_counter() - t0) * 1000, label
            time.sleep(POLL_INTERVAL)

    def _sqs_after(self, t0):
        deadline = time.perf_counter() + START_TIMEOUT
        while time.perf_counter() < deadline:
            self._check_alive()
            if raw_request(self.port, SQS_LIST_QUEUES) == 200:
                return (time.perf_counter() - t0) * 1000
            time.sleep(POLL_INTERVAL)
        raise StartFailure(f"{self.name} answered its health check but never an SQS ListQueues", self.output())

    def stop(self):
        proc = self.proc
        if proc is None:
            return
        try:
            pgid = proc.pid  # start_new_session: the group id is the leader's pid, even once it has exited
            for sig, wait in ((signal.SIGTERM, 5.0), (signal.SIGKILL, 5.0)):
                try:
                    os.killpg(pgid, sig)
                except (ProcessLookupError, PermissionError):
                    pass
                try:
                    proc.wait(timeout=wait)
                except subprocess.TimeoutExpired:
                    continue
                # The leader is gone; make sure nothing else of its group is left behind.
                try:
                    os.killpg(pgid, signal.SIGKILL)
                except (ProcessLookupError, PermissionError):
                    pass
                break
        finally:
            if self in LIVE:
                LIVE.remove(self)

    # -- memory

    def rss_mb(self):
        """VmRSS of the process and its descendants, in MB (shared pages counted once per process)."""
        children = {}
        for entry in os.listdir("/proc"):
            if not entry.isdigit():
                continue
            try:
                with open(f"/proc/{entry}/stat") as f:
                    stat = f.read()
                ppid = int(stat[stat.rindex(")") + 2:].split()[1])
                children.setdefault(ppid, []).append(int(entry))
            except (OSError, ValueError, IndexError):
                continue
        total_kb, todo, count = 0, [self.proc.pid], 0
        while todo:
            pid = todo.pop()
            try:
                with open(f"/proc/{pid}/status") as f:
                    for line in f:
                        if line.startswith("VmRSS:"):
                            total_kb += int(line.split()[1])
                            count += 1
            except OSError:
                continue
            todo.extend(children.get(pid, []))
        return total_kb / 1024, count


def build_request(method, path, headers, body=b""):
    lines = [f"{method} {path} HTTP/1.1", f"Host: {HOST}", "Connection: close",
             f"Content-Length: {len(body)}"] + [f"{k}: {v}" for k, v in headers.items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


PROBE_NAMES = {"health": "GET /_wsim/health", "sqs": "SQS ListQueues (no 200 from /_wsim/health)"}
SQS_LIST_QUEUES = build_request("POST", "/", {
    "Content-Type": "application/x-amz-json-1.0",
    "X-Amz-Target": "AmazonSQS.ListQueues",
    "Authorization": auth_header("sqs"),
}, b"{}")
WSIM_HEALTH = build_request("GET", "/_wsim/health", {})


def raw_request(port, request):
    """The status code of one request on a fresh connection, or None when nothing listens yet."""
    try:
        sock = socket.create_connection((HOST, port), timeout=1.0)
    except OSError:
        return None
    try:
        sock.settimeout(30.0)  # listening: give the first answer (lazy imports, ...) the time it takes
        sock.sendall(request)
        head = b""
        while b"\r\n" not in head:
            chunk = sock.recv(4096)
            if not chunk:
                return 0
            head += chunk
        parts = head.split(b"\r\n", 1)[0].split()
        return int(parts[1]) if len(parts) >= 2 and parts[1].isdigit() else 0
    except OSError:
        return 0
    finally:
        sock.close()


# ---------------------------------------------------------------------------------------------------------
# Workloads


class Failed(Exception):
    pass


def boto3_clients(port):
    import boto3
    from botocore.config import Config
    session = boto3.session.Session(aws_access_key_id="test", aws_secret_access_key="test", region_name=REGION)
    config = Config(retries={"total_max_attempts": 1, "mode": "standard"}, connect_timeout=10, read_timeout=60)
    endpoint = f"http://{HOST}:{port}"
    return (session.client("sqs", endpoint_url=endpoint, config=config),
            session.client("dynamodb", endpoint_url=endpoint, config=config))


def setup_server(server):
    """Queues, table and item the workloads need. Returns a context with the boto3 clients and, per service
    ("sqs", "ddb") whose setup failed, the error: the workloads on that service then fail, the others run."""
    sqs, ddb = boto3_clients(server.port)
    ctx = {"sqs": sqs, "ddb": ddb, "setup_errors": {}}
    try:
        sqs.create_queue(QueueName=QUEUE)
        ctx["cycle_url"] = sqs.create_queue(QueueName=CYCLE_QUEUE)["QueueUrl"]
    except Exception as error:
        ctx["setup_errors"]["sqs"] = f"SQS setup (create_queue) failed: {type(error).__name__}: {error}"
    try:
        try:
            ddb.create_table(TableName=TABLE, BillingMode="PAY_PER_REQUEST",
                             AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
                             KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}])
        except ddb.exceptions.ResourceInUseException:
            pass
        deadline = time.perf_counter() + 30
        while ddb.describe_table(TableName=TABLE)["Table"]["TableStatus"] != "ACTIVE":
            if time.perf_counter() > deadline:
                raise Failed("table bench never became ACTIVE")
            time.sleep(0.05)
        ddb.put_item(TableName=TABLE, Item={"pk": {"S": ITEM_KEY}, "v": {"S": "x" * 100}, "n": {"N": "1"}})
        if "Item" not in ddb.get_item(TableName=TABLE, Key={"pk": {"S": ITEM_KEY}}):
            raise Failed("GetItem did not return the item just put")
    except Exception as error:
        ctx["setup_errors"]["ddb"] = (f"DynamoDB setup (create_table, put_item, get_item) failed: "
                                      f"{type(error).__name__}: {error}")
    try:
        for method, path, body in [("PUT", f"/{BUCKET}", b""), ("PUT", f"/{BUCKET}/{OBJECT_KEY}", OBJECT_BODY)]:
            connection = http.client.HTTPConnection(HOST, server.port, timeout=30)
            connection.request(method, path, body=body, headers={"Authorization": auth_header("s3")})
            answer = connection.getresponse()
            answer.read()
            connection.close()
            if answer.status != 200:
                raise Failed(f"{method} {path} answered HTTP {answer.status}")
    except Exception as error:
        ctx["setup_errors"]["s3"] = f"S3 setup (create bucket, put object) failed: {type(error).__name__}: {error}"
    return ctx


class RawJson:
    """A keep-alive JSON 1.0 caller over one http.client.HTTPConnection."""

    def __init__(self, port, service, target, body):
        self.conn = http.client.HTTPConnection(HOST, port, timeout=30)
        self.body = json.dumps(body).encode()
        self.headers = {
            "Content-Type": "application/x-amz-json-1.0",
            "X-Amz-Target": target,
            "Authorization": auth_header(service),
        }

    def __call__(self, latencies):
        t = time.perf_counter_ns()
        try:
            self.conn.request("POST", "/", body=self.body, headers=self.headers)
            response = self.conn.getresponse()
            data = response.read()
        except (OSError, http.client.HTTPException) as error:
            self.conn.close()
            raise Failed(f"{type(error).__name__}: {error}")
        latencies.append(time.perf_counter_ns() - t)
        if response.status != 200:
            raise Failed(f"HTTP {response.status}: {data[:300]!r}")
        return 1

    def close(self):
        self.conn.close()


class RawS3:
    """A keep-alive S3 REST caller (path style) over one http.client.HTTPConnection: PUT or GET of one 4 KiB object."""

    def __init__(self, port, method):
        self.conn = http.client.HTTPConnection(HOST, port, timeout=30)
        self.method = method
        self.path = f"/{BUCKET}/{OBJECT_KEY}"
        self.body = OBJECT_BODY if method == "PUT" else None
        self.headers = {"Authorization": auth_header("s3")}

    def __call__(self, latencies):
        t = time.perf_counter_ns()
        try:
            self.conn.request(self.method, self.path, body=self.body, headers=self.headers)
            response = self.conn.getresponse()
            data = response.read()
        except (OSError, http.client.HTTPException) as error:
            self.conn.close()
            raise Failed(f"{type(error).__name__}: {error}")
        latencies.append(time.perf_counter_ns() - t)
        if response.status != 200:
            raise Failed(f"HTTP {response.status}: {data[:300]!r}")
        if self.method == "GET" and len(data) != len(OBJECT_BODY):
            raise Failed(f"GET returned {len(data)} bytes, not {len(OBJECT_BODY)}")
        return 1

    def close(self):
        self.conn.close()


def s3_factory(method):
    def factory(server, ctx):
        caller = RawS3(server.port, method)
        return caller, caller.close
    return factory


def timed(call, latencies, *args, **kwargs):
    t = time.perf_counter_ns()
    result = call(*args, **kwargs)
    latencies.append(time.perf_counter_ns() - t)
    return result


def make_sqs_cycle(ctx):
    sqs, url = ctx["sqs"], ctx["cycle_url"]
    state = {"empty": 0}

    def step(latencies):
        timed(sqs.send_message, latencies, QueueUrl=url, MessageBody="bench message body")
        got = timed(sqs.receive_message, latencies, QueueUrl=url, WaitTimeSeconds=0, MaxNumberOfMessages=1)
        messages = got.get("Messages", [])
        if not messages:
            state["empty"] += 1
            raise Failed("receive_message returned no message right after send_message")
        timed(sqs.delete_message, latencies, QueueUrl=url, ReceiptHandle=messages[0]["ReceiptHandle"])
        return 3
    return step


def make_ddb_putget(ctx):
    ddb = ctx["ddb"]
    counter = [0]

    def step(latencies):
        counter[0] += 1
        key = {"pk": {"S": f"item-{counter[0] % 1000}"}}
        timed(ddb.put_item, latencies, TableName=TABLE, Item={**key, "v": {"S": "y" * 100}})
        got = timed(ddb.get_item, latencies, TableName=TABLE, Key=key)
        if "Item" not in got:
            raise Failed("get_item did not return the item just put")
        return 2
    return step


def boto_step(make):
    """Wraps a boto3 step so botocore errors count as failures of the call, not crashes of the bench."""
    def factory(server, ctx):
        step = make(ctx)

        def guarded(latencies):
            try:
                return step(latencies)
            except Failed:
                raise
            except Exception as error:  # botocore ClientError, EndpointConnectionError, ...
                raise Failed(f"{type(error).__name__}: {error}")
        return guarded, (lambda: None)
    return factory


def raw_factory(service, target, body):
    def factory(server, ctx):
        caller = RawJson(server.port, service, target, body)
        return caller, caller.close
    return factory


class Workload:
    def __init__(self, key, service, label, factory, calls_per_cycle, threads=1, cycle_word=None):
        self.key, self.service, self.label, self.factory = key, service, label, factory
        self.calls_per_cycle, self.threads, self.cycle_word = calls_per_cycle, threads, cycle_word


def run_slice(workload, server, ctx, seconds, warmup_seconds):
    """Runs one slice on `threads` client threads; returns (cycles, calls, elapsed s, latencies, errors,
    first error). Every thread warms up, then all start the timed part together."""
    results = []
    lock = threading.Lock()
    clock = {}

    def begin():  # run by the last thread to reach the barrier, before any is released
        clock["start"] = time.perf_counter()
        clock["deadline"] = clock["start"] + seconds

    barrier = threading.Barrier(workload.threads, action=begin)

    def client():
        latencies, cycles, calls, errors, first_error, close = [], 0, 0, 0, None, None
        try:
            step, close = workload.factory(server, ctx)
            warm_until = time.perf_counter() + warmup_seconds
            while time.perf_counter() < warm_until:
                try:
                    step([])
                except Failed:
                    pass
            barrier.wait(timeout=120)
            deadline = clock["deadline"]
            while time.perf_counter() < deadline:
                try:
                    calls += step(latencies)
                    cycles += 1
                except Failed as error:
                    errors += 1
                    first_error = first_error or str(error)
                    if errors >= 50 and errors > cycles:
                        break  # mostly failing: no point hammering on
        except threading.BrokenBarrierError:
            first_error = first_error or "another client thread failed before the timed part"
        except Exception as error:
            barrier.abort()
            errors += 1
            first_error = first_error or f"{type(error).__name__}: {error}"
        finally:
            end = time.perf_counter()
            if close is not None:
                close()
            with lock:
                results.append((cycles, calls, latencies, errors, first_error, end))

    threads = [threading.Thread(target=client, daemon=True) for _ in range(workload.threads)]
    for t in threads:
        t.start()
    for t in threads:
        while t.is_alive():
            t.join(0.2)  # a short join keeps Ctrl-C working
    start = clock.get("start", time.perf_counter())
    end = max((r[5] for r in results), default=start)
    cycles = sum(r[0] for r in results)
    calls = sum(r[1] for r in results)
    latencies = [x for r in results for x in r[2]]
    errors = sum(r[3] for r in results)
    first_error = next((r[4] for r in results if r[4]), None)
    return cycles, calls, max(end - start, 1e-9), latencies, errors, first_error


class Result:
    def __init__(self):
        self.cycle_rates, self.call_rates, self.latencies = [], [], []
        self.errors, self.first_error, self.cycles = 0, None, 0

    def add(self, cycles, calls, elapsed, latencies, errors, first_error):
        self.cycle_rates.append(cycles / elapsed)
        self.call_rates.append(calls / elapsed)
        self.latencies.extend(latencies)
        self.errors += errors
        self.cycles += cycles
        self.first_error = self.first_error or first_error

    def fail(self, message):
        self.errors += 1
        self.first_error = self.first_error or message

    @property
    def ok(self):
        return self.cycles > 0

    def cycles_per_s(self):
        return statistics.median(self.cycle_rates) if self.cycle_rates else 0.0

    def calls_per_s(self):
        return statistics.median(self.call_rates) if self.call_rates else 0.0

    def percentile_ms(self, p):
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        index = min(len(ordered) - 1, max(0, math.ceil(p / 100 * len(ordered)) - 1))  # nearest rank
        return ordered[index] / 1e6


# ---------------------------------------------------------------------------------------------------------
# wrk: the same raw requests from a C load generator, so the rate is not capped by the Python client


def lua_quote(text):
    """A Lua string literal for text (printable ASCII kept, " and \\ escaped, other bytes as decimal escapes)."""
    out = []
    for ch in text.encode("utf-8"):
        if ch in (0x22, 0x5C):
            out.append("\\" + chr(ch))
        elif ch < 0x20 or ch > 0x7E:
            out.append(f"\\{ch:03d}")
        else:
            out.append(chr(ch))
    return '"' + "".join(out) + '"'


def s3_lua(method):
    """A wrk script for RawS3's request: PUT or GET of the 4 KiB object."""
    lines = [f"wrk.method = {lua_quote(method)}", f"wrk.path = {lua_quote('/' + BUCKET + '/' + OBJECT_KEY)}",
             f"wrk.headers[\"Authorization\"] = {lua_quote(auth_header('s3'))}"]
    if method == "PUT":
        lines.append(f"wrk.body = {lua_quote(OBJECT_BODY.decode())}")
    return "\n".join(lines) + "\n"


def wrk_lua(service, target, body):
    """A wrk script that POSTs one JSON 1.0 request exactly like RawJson (wrk adds Host and Content-Length)."""
    headers = {
        "Content-Type": "application/x-amz-json-1.0",
        "X-Amz-Target": target,
        "Authorization": auth_header(service),
    }
    lines = ['wrk.method = "POST"', f"wrk.body = {lua_quote(json.dumps(body))}"]
    lines += [f"wrk.headers[{lua_quote(k)}] = {lua_quote(v)}" for k, v in headers.items()]
    return "\n".join(lines) + "\n"


class WrkRow:
    def __init__(self, key, service, label, lua_path, connections):
        self.key, self.service, self.label = key, service, label
        self.lua_path, self.connections = lua_path, connections


class WrkResult:
    def __init__(self):
        self.rates, self.requests, self.latency_weighted_ms = [], 0, 0.0
        self.errors, self.first_error = 0, None

    def add(self, parsed):
        self.rates.append(parsed["rate"])
        self.requests += parsed["requests"]
        self.latency_weighted_ms += parsed["avg_ms"] * parsed["requests"]
        bad = parsed["non2xx"] + parsed["socket_errors"]
        if bad:
            self.errors += bad
            parts = []
            if parsed["non2xx"]:
                parts.append(f"{parsed['non2xx']} non-2xx/3xx response(s)")
            if parsed["socket_errors"]:
                parts.append(f"socket errors ({parsed['socket_line']})")
            self.first_error = self.first_error or (", ".join(parts) + f" of {parsed['requests']} requests")

    def fail(self, message):
        self.errors += 1
        self.first_error = self.first_error or message

    @property
    def ok(self):
        return self.requests > 0

    def rate(self):
        return statistics.median(self.rates) if self.rates else 0.0

    def avg_ms(self):
        return self.latency_weighted_ms / self.requests if self.requests else float("nan")


WRK_TIME_UNITS = {"us": 1e-3, "ms": 1.0, "s": 1e3, "m": 60e3, "h": 3600e3}


def parse_wrk(text):
    """Requests/sec, request count, average latency (ms), non-2xx count and socket errors from wrk's output."""
    rate = re.search(r"^Requests/sec:\s+([0-9.]+)", text, re.M)
    count = re.search(r"^\s*(\d+) requests in ", text, re.M)
    latency = re.search(r"^\s*Latency\s+([0-9.]+)(us|ms|s|m|h)\b", text, re.M)
    if not (rate and count and latency):
        raise Failed("could not parse wrk's output: " + " | ".join(text.strip().splitlines()[-6:]))
    non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", text)
    sockets = re.search(r"Socket errors:\s+(.*)$", text, re.M)
    socket_errors = sum(int(n) for n in re.findall(r"\d+", sockets.group(1))) if sockets else 0
    return {
        "rate": float(rate.group(1)),
        "requests": int(count.group(1)),
        "avg_ms": float(latency.group(1)) * WRK_TIME_UNITS[latency.group(2)],
        "non2xx": int(non2xx.group(1)) if non2xx else 0,
        "socket_errors": socket_errors,
        "socket_line": sockets.group(1).strip() if sockets else "",
    }


def run_wrk(wrk_path, row, server, seconds):
    """One wrk run of `seconds` (whole) against server; returns parse_wrk's dict or raises Failed."""
    argv = [wrk_path, "-t1", f"-c{row.connections}", f"-d{seconds}s", "-s", row.lua_path,
            f"http://{HOST}:{server.port}/"]
    try:
        done = subprocess.run(argv, stdin=subprocess.DEVNULL, capture_output=True, text=True,
                              timeout=seconds + 60, preexec_fn=_die_with_parent)
    except subprocess.TimeoutExpired:
        raise Failed(f"wrk did not finish within {seconds + 60} s")
    except OSError as error:
        raise Failed(f"wrk could not run: {error}")
    if done.returncode != 0:
        raise Failed(f"wrk exited with status {done.returncode}: "
                     + " | ".join((done.stderr + done.stdout).strip().splitlines()[-6:]))
    return parse_wrk(done.stdout)


def wrk_version(wrk_path):
    try:
        out = subprocess.run([wrk_path, "--version"], capture_output=True, text=True, timeout=10)
        first = (out.stdout + out.stderr).strip().splitlines()
        return first[0].split(" Copyright")[0] if first else "?"
    except (OSError, subprocess.SubprocessError):
        return "?"


# ---------------------------------------------------------------------------------------------------------
# Report


def fmt_rate(value):
    return f"{value:,.0f}" if value >= 100 else f"{value:,.1f}"


def fmt_ms(value):
    if value != value:
        return "-"
    return f"{value:.2f}" if value < 10 else f"{value:.1f}" if value < 100 else f"{value:.0f}"


def fmt_ratio(value, better="", worse=""):
    if value is None or value != value or value <= 0:
        return "-"
    text = f"{value:.1f}x" if value < 100 else f"{value:.0f}x"
    if better and value >= 1:
        return f"{text} {better}"
    if worse and value < 1:
        inverse = 1 / value
        return (f"{inverse:.1f}x" if inverse < 100 else f"{inverse:.0f}x") + f" {worse}"
    return text


def render(args, first, sqs_first, ready_ms, results, rss, workloads, notes, wrk_rows=(), wrk_results=None):
    clients = f"{args.concurrency} clients for raw-http, else 1" if args.concurrency > 1 else "1 client"
    title = f"wire bench ({args.seconds:g} s per workload, {clients}, loopback)"
    rows = []

    def row(label, w, m, ratio):
        rows.append((label, w, m, ratio))

    row(title, "wsim", "moto_server", "ratio")
    w_first, m_first = statistics.median(first["wsim"]), statistics.median(first["moto"])
    row("time to first answer (ms)", fmt_ms(w_first), fmt_ms(m_first),
        fmt_ratio(m_first / w_first if w_first else None, "faster", "slower"))
    w_sqs, m_sqs = statistics.median(sqs_first["wsim"]), statistics.median(sqs_first["moto"])
    row("time to first SQS ListQueues answer (ms)", fmt_ms(w_sqs), fmt_ms(m_sqs),
        fmt_ratio(m_sqs / w_sqs if w_sqs else None, "faster", "slower"))
    if ready_ms:
        row("  'ready' line on wsim's stdout (ms)", fmt_ms(statistics.median(ready_ms)), "-", "")
    for workload in workloads:
        w, m = results[workload.key]["wsim"], results[workload.key]["moto"]

        def cell(result):
            if not result.ok:
                return "failed"
            rate = result.cycles_per_s() if workload.cycle_word else result.calls_per_s()
            mark = "*" if result.errors else ""
            return (f"{fmt_rate(rate)} ({fmt_ms(result.percentile_ms(50))}/{fmt_ms(result.percentile_ms(99))})"
                    f"{mark}")

        ratio = "-"
        if w.ok and m.ok and m.calls_per_s() > 0:
            ratio = fmt_ratio(w.calls_per_s() / m.calls_per_s())
        if workload.cycle_word:
            row(f"{workload.label} cycles/s (p50/p99 ms a call)", cell(w), cell(m), ratio)
            row(f"  calls/s ({workload.cycle_word})",
                fmt_rate(w.calls_per_s()) if w.ok else "-", fmt_rate(m.calls_per_s()) if m.ok else "-", "")
        else:
            row(f"{workload.label} ops/s (p50/p99 ms)", cell(w), cell(m), ratio)
    for wrk_row in wrk_rows:
        w, m = wrk_results[wrk_row.key]["wsim"], wrk_results[wrk_row.key]["moto"]

        def wrk_cell(result):
            if not result.ok:
                return "failed"
            return f"{fmt_rate(result.rate())} ({fmt_ms(result.avg_ms())}){'*' if result.errors else ''}"

        ratio = "-"
        if w.ok and m.ok and m.rate() > 0:
            ratio = fmt_ratio(w.rate() / m.rate())
        row(f"{wrk_row.label} ops/s (avg ms)", wrk_cell(w), wrk_cell(m), ratio)
    w_rss, m_rss = rss["wsim"], rss["moto"]
    row("RSS after (MB)", f"{w_rss[0]:.1f}", f"{m_rss[0]:.1f}",
        fmt_ratio(m_rss[0] / w_rss[0] if w_rss[0] else None, "less", "more"))
    widths = [max(len(r[i]) for r in rows) for i in range(3)]
    lines = [f"{label:<{widths[0]}}  {w:>{widths[1]}}  {m:>{widths[2]}}   {ratio}".rstrip()
             for label, w, m, ratio in rows] + [""] + notes
    for workload in workloads:
        for name in ("wsim", "moto"):
            result = results[workload.key][name]
            if result.errors:
                lines.append(f"ERRORS ({'*' if result.ok else 'failed'}) {workload.key} on {name}: "
                             f"{result.errors} failure(s); first: "
                             f"{result.first_error}")
    for wrk_row in wrk_rows:
        for name in ("wsim", "moto"):
            result = wrk_results[wrk_row.key][name]
            if result.errors:
                lines.append(f"ERRORS ({'*' if result.ok else 'failed'}) {wrk_row.label} on {name}: "
                             f"{result.errors} failure(s); first: {result.first_error}")
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------------------------------------
# Main


def resolve_moto(name):
    path = shutil.which(name)
    if path is None:
        return None
    # A pyenv shim is a bash script that runs `pyenv exec`: ~100 ms of start-up that is not moto's. Use the
    # real entry point when pyenv can name it.
    if "/.pyenv/shims/" in os.path.realpath(path) and shutil.which("pyenv"):
        try:
            real = subprocess.run(["pyenv", "which", os.path.basename(path)], capture_output=True, text=True,
                                  timeout=30).stdout.strip()
            if real and os.access(real, os.X_OK):
                return real
        except (OSError, subprocess.SubprocessError):
            pass
    return path


def moto_version(moto_path):
    try:
        with open(moto_path, "rb") as f:
            shebang = f.readline().decode(errors="replace")
        if shebang.startswith("#!") and "python" in shebang:
            interpreter = shebang[2:].strip().split()[0]
            out = subprocess.run([interpreter, "-c", "import moto; print(moto.__version__)"],
                                 capture_output=True, text=True, timeout=60).stdout.strip()
            return out or "?"
    except (OSError, subprocess.SubprocessError):
        pass
    return "?"


def on_signal(signum, frame):
    raise KeyboardInterrupt(f"signal {signum}")


LIVE_MESSAGES = [("cmd-bench-1", "Add a welcome message to the homepage"), ("cmd-bench-2", "Update the footer copyright year")]


def site_etag(port):
    """The ETag of the amelia site's home page on the website endpoint, or None."""
    try:
        connection = http.client.HTTPConnection(HOST, port, timeout=10)
        connection.request("HEAD", "/", headers={"Host": "edit.amelia.webordinary.com"})
        answer = connection.getresponse()
        answer.read()
        connection.close()
        return answer.getheader("ETag") if answer.status == 200 else None
    except (OSError, http.client.HTTPException):
        return None


def measure_live(wsim_path, limit=300.0):
    """Wall seconds from SendMessage to the site's home page changing on the website endpoint, in `wsim serve
    --live --seed-set amelia` on the wall clock (speed 1): the first message (no container yet: autoscaler, ECS
    cold start, claim, clone) and a second on the warm container. Returns [(label, seconds or error)]."""
    import boto3
    from botocore.config import Config
    folder = tempfile.mkdtemp(prefix="bench-wire-live-")
    port, balancer = free_port(), free_port()
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    proc = subprocess.Popen([wsim_path, "serve", "--live", "--seed-set", "amelia", "--port", str(port), "--lb-port", str(balancer),
                             "--out", os.path.join(folder, "serve")], cwd=root, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, preexec_fn=_die_with_parent)
    rows = []
    try:
        deadline = time.perf_counter() + 60
        while raw_request(port, WSIM_HEALTH) != 200:
            if time.perf_counter() > deadline or proc.poll() is not None:
                return [("live pipeline", "wsim serve --live did not start")]
            time.sleep(0.05)
        sqs = boto3.session.Session(aws_access_key_id="test", aws_secret_access_key="test", region_name="us-west-2").client(
            "sqs", endpoint_url=f"http://{HOST}:{port}", config=Config(retries={"total_max_attempts": 1}))
        queue = sqs.get_queue_url(QueueName="webordinary-input-amelia-stamps")["QueueUrl"]
        for (command, instruction), label in zip(LIVE_MESSAGES, ["cold: no container yet", "warm container"]):
            before = site_etag(port)
            body = json.dumps({"sessionId": "session-bench", "commandId": command, "chatThreadId": "thread-bench",
                               "clientId": "amelia", "projectId": "stamps", "instruction": instruction, "userId": "bench"})
            started = time.perf_counter()
            sqs.send_message(QueueUrl=queue, MessageBody=body)
            while True:
                etag = site_etag(port)
                if etag is not None and etag != before:
                    rows.append((label, time.perf_counter() - started))
                    progress(f"live {label}: site updated {rows[-1][1]:.1f} s after send-message")
                    break
                if time.perf_counter() - started > limit:
                    rows.append((label, f"the site did not change within {limit:.0f} s"))
                    break
                time.sleep(0.1)
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=120)
        except subprocess.TimeoutExpired:
            proc.kill()
        shutil.rmtree(folder, ignore_errors=True)
    return rows


def main():
    parser = argparse.ArgumentParser(description="wsim serve next to moto_server over loopback HTTP.")
    parser.add_argument("--wsim", required=True, help="path of the wsim binary (run as `PATH serve --port P "
                                                      "--clock wall`)")
    parser.add_argument("--moto", default="moto_server", help="moto_server command or path (default moto_server)")
    parser.add_argument("--seconds", type=float, default=5.0, help="timed seconds per workload per server")
    parser.add_argument("--concurrency", type=int, default=1, help="client threads for raw-http (default 1)")
    parser.add_argument("--rounds", type=int, default=3, help="slices each workload's time is split in, "
                                                              "alternating servers (default 3)")
    parser.add_argument("--starts", type=int, default=3, help="starts of each server for time to first "
                                                              "answer, median reported (default 3)")
    parser.add_argument("--warmup", type=float, default=0.3, help="untimed seconds before each slice")
    parser.add_argument("--no-wrk", action="store_true", help="skip the wrk rows even when wrk is on PATH")
    parser.add_argument("--no-live", action="store_true", help="skip the live pipeline's send-to-site times")
    parser.add_argument("--out", help="also write the table to this file")
    args = parser.parse_args()
    if args.seconds <= 0 or args.concurrency < 1 or args.rounds < 1 or args.starts < 1 or args.warmup < 0:
        parser.error("--seconds must be > 0, --concurrency/--rounds/--starts >= 1, --warmup >= 0")

    moto_path = resolve_moto(args.moto)
    if moto_path is None:
        print(f"bench-wire: moto_server not found: {args.moto!r} is not on PATH nor an executable path. "
              "Install it (pip install 'moto[server]') or pass --moto PATH.", file=sys.stderr)
        return 2
    wsim_path = os.path.abspath(args.wsim) if os.sep in args.wsim else (shutil.which(args.wsim) or args.wsim)
    if not (os.path.isfile(wsim_path) and os.access(wsim_path, os.X_OK)):
        print(f"bench-wire: wsim failed to start: {args.wsim!r} is not an executable file", file=sys.stderr)
        return 1
    try:
        import boto3
        import botocore
    except ImportError:
        print("bench-wire: boto3 is needed (pip install boto3)", file=sys.stderr)
        return 2

    atexit.register(stop_all)
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, on_signal)

    servers = {
        "wsim": Server("wsim", lambda p: [wsim_path, "serve", "--port", str(p), "--clock", "wall"],
                       [("health", WSIM_HEALTH), ("sqs", SQS_LIST_QUEUES)]),
        "moto": Server("moto_server", lambda p: [moto_path, "-p", str(p)], [("sqs", SQS_LIST_QUEUES)]),
    }
    load_before = os.getloadavg()

    # 1. Time to first answer: --starts starts each, alternating; the last start of each stays up.
    first = {"wsim": [], "moto": []}
    sqs_first = {"wsim": [], "moto": []}
    ready_ms, probe_labels = [], set()
    for i in range(args.starts):
        for name in ("wsim", "moto"):
            server = servers[name]
            try:
                first_ms, label, sqs_ms = server.start()
            except StartFailure as failure:
                print(f"bench-wire: {server.name} failed to start: {failure}", file=sys.stderr)
                print(f"--- {server.name} output ---\n{failure.output.rstrip()}\n---", file=sys.stderr)
                return 1
            first[name].append(first_ms)
            sqs_first[name].append(sqs_ms)
            if name == "wsim":
                probe_labels.add(label)
                if server.ready_line_ms is not None:
                    ready_ms.append(server.ready_line_ms)
            progress(f"start {i + 1}/{args.starts} {server.name}: first answer {first_ms:.1f} ms ({label}), "
                     f"first SQS answer {sqs_ms:.1f} ms, port {server.port}")
            if i < args.starts - 1:
                server.stop()

    contexts = {name: setup_server(server) for name, server in servers.items()}

    # 2. Workloads.
    workloads = [
        Workload("raw-http", "sqs", f"raw-http sqs GetQueueUrl"
                             + (f" x{args.concurrency} clients" if args.concurrency > 1 else ""),
                 raw_factory("sqs", "AmazonSQS.GetQueueUrl", {"QueueName": QUEUE}), 1, threads=args.concurrency),
        Workload("raw-ddb-get", "ddb", "raw-ddb-get GetItem",
                 raw_factory("dynamodb", "DynamoDB_20120810.GetItem",
                             {"TableName": TABLE, "Key": {"pk": {"S": ITEM_KEY}}}), 1),
        Workload("raw-s3-put", "s3", "raw-s3 PutObject 4 KiB", s3_factory("PUT"), 1),
        Workload("raw-s3-get", "s3", "raw-s3 GetObject 4 KiB", s3_factory("GET"), 1),
        Workload("boto3-sqs-cycle", "sqs", "boto3-sqs-cycle", boto_step(make_sqs_cycle), 3,
                 cycle_word="send+receive+delete"),
        Workload("boto3-ddb-putget", "ddb", "boto3-ddb-putget", boto_step(make_ddb_putget), 2,
                 cycle_word="put_item+get_item"),
    ]
    results = {w.key: {"wsim": Result(), "moto": Result()} for w in workloads}
    slice_seconds = args.seconds / args.rounds
    for workload in workloads:
        for r in range(args.rounds):
            order = ("wsim", "moto") if r % 2 == 0 else ("moto", "wsim")
            for name in order:
                server = servers[name]
                if server.proc.poll() is not None:
                    results[workload.key][name].fail(f"{server.name} has exited (status {server.proc.returncode})")
                    continue
                setup_error = contexts[name]["setup_errors"].get(workload.service)
                if setup_error:
                    if r == 0:
                        results[workload.key][name].fail(setup_error)
                        progress(f"{workload.key} {server.name}: skipped, {setup_error}")
                    continue
                outcome = run_slice(workload, server, contexts[name], slice_seconds, args.warmup)
                results[workload.key][name].add(*outcome)
                cycles, calls, elapsed, _, errors, _ = outcome
                progress(f"{workload.key} round {r + 1}/{args.rounds} {server.name}: {calls / elapsed:,.0f} calls/s"
                         + (f", {errors} errors" if errors else ""))

    # 3. The same raw requests with wrk, when it is there.
    wrk_path = None if args.no_wrk else shutil.which("wrk")
    wrk_rows, wrk_results, wrk_notes = [], {}, []
    if args.no_wrk:
        wrk_notes.append("wrk rows skipped: --no-wrk")
    elif wrk_path is None:
        wrk_notes.append("wrk rows skipped: wrk is not installed (apt-get install wrk)")
    else:
        lua_dir = tempfile.TemporaryDirectory(prefix="bench-wire-wrk-")
        try:
            sqs_lua = os.path.join(lua_dir.name, "sqs-get-queue-url.lua")
            ddb_lua = os.path.join(lua_dir.name, "ddb-get-item.lua")
            with open(sqs_lua, "w") as f:
                f.write(wrk_lua("sqs", "AmazonSQS.GetQueueUrl", {"QueueName": QUEUE}))
            with open(ddb_lua, "w") as f:
                f.write(wrk_lua("dynamodb", "DynamoDB_20120810.GetItem",
                                {"TableName": TABLE, "Key": {"pk": {"S": ITEM_KEY}}}))
            s3_put_lua = os.path.join(lua_dir.name, "s3-put.lua")
            s3_get_lua = os.path.join(lua_dir.name, "s3-get.lua")
            with open(s3_put_lua, "w") as f:
                f.write(s3_lua("PUT"))
            with open(s3_get_lua, "w") as f:
                f.write(s3_lua("GET"))
            wrk_rows = [
                WrkRow("wrk-sqs-c1", "sqs", "wrk sqs GetQueueUrl 1 conn", sqs_lua, 1),
                WrkRow("wrk-s3-put-c1", "s3", "wrk s3 PutObject 4 KiB 1 conn", s3_put_lua, 1),
                WrkRow("wrk-s3-get-c1", "s3", "wrk s3 GetObject 4 KiB 1 conn", s3_get_lua, 1),
                WrkRow("wrk-sqs-c4", "sqs", "wrk sqs GetQueueUrl 4 conns", sqs_lua, 4),
                WrkRow("wrk-ddb-c1", "ddb", "wrk ddb GetItem 1 conn", ddb_lua, 1),
            ]
            wrk_results = {r.key: {"wsim": WrkResult(), "moto": WrkResult()} for r in wrk_rows}
            wrk_slices = max(1, min(args.rounds, int(args.seconds)))
            wrk_seconds = max(1, round(args.seconds / wrk_slices))
            for wrk_row in wrk_rows:
                for r in range(wrk_slices):
                    order = ("wsim", "moto") if r % 2 == 0 else ("moto", "wsim")
                    for name in order:
                        server, result = servers[name], wrk_results[wrk_row.key][name]
                        if server.proc.poll() is not None:
                            result.fail(f"{server.name} has exited (status {server.proc.returncode})")
                            continue
                        setup_error = contexts[name]["setup_errors"].get(wrk_row.service)
                        if setup_error:
                            if r == 0:
                                result.fail(setup_error)
                            continue
                        try:
                            parsed = run_wrk(wrk_path, wrk_row, server, wrk_seconds)
                        except Failed as error:
                            result.fail(str(error))
                            progress(f"{wrk_row.key} round {r + 1}/{wrk_slices} {server.name}: {error}")
                            continue
                        result.add(parsed)
                        bad = parsed["non2xx"] + parsed["socket_errors"]
                        progress(f"{wrk_row.key} round {r + 1}/{wrk_slices} {server.name}: "
                                 f"{parsed['rate']:,.0f} req/s" + (f", {bad} errors" if bad else ""))
        finally:
            lua_dir.cleanup()
        wrk_notes.append(f"wrk rows: {wrk_path} ({wrk_version(wrk_path)}), -t1, median of {wrk_slices} run(s) "
                         f"of {wrk_seconds} s, servers alternating, no warm-up; avg ms = wrk's mean latency "
                         "(weighted by requests over the runs); * = non-2xx answers or socket errors")

    # 4. Memory after the workloads.
    rss = {name: servers[name].rss_mb() for name in servers}
    load_after = os.getloadavg()
    stop_all()

    notes = [
        f"wsim: {wsim_path}",
        f"moto_server: {moto_path} (moto {moto_version(moto_path)}), boto3 {boto3.__version__}, "
        f"botocore {botocore.__version__}, Python {platform.python_version()}",
        f"{os.cpu_count()} CPUs, load average {load_before[0]:.2f} before, {load_after[0]:.2f} after; client and "
        "servers share the machine",
        f"ops/s: median of {args.rounds} slice(s) of {slice_seconds:.3g} s, servers alternating, "
        f"{args.warmup:g} s untimed warm-up each; p50/p99 over every call; ratio = wsim/moto",
        f"first answer: median of {args.starts} start(s), from just before Popen, 2 ms polling with a fresh "
        f"connection; wsim answered first to: {' / '.join(sorted(PROBE_NAMES[p] for p in probe_labels))}; "
        "moto probe: SQS ListQueues",
        f"RSS: VmRSS of the server process plus descendants ({rss['wsim'][1]} process(es) for wsim, "
        f"{rss['moto'][1]} for moto)",
    ] + wrk_notes
    text = render(args, first, sqs_first, ready_ms, results, rss, workloads, notes, wrk_rows, wrk_results)
    if not args.no_live:
        live_rows = measure_live(wsim_path)
        text += "\nlive pipeline (wsim serve --live --seed-set amelia, wall clock at speed 1)    wall seconds\n"
        for label, value in live_rows:
            shown = f"{value:.1f}" if isinstance(value, float) else f"FAILED: {value}"
            text += f"  send-message to the site updated, {label:<28} {shown:>12}\n"
    sys.stdout.write(text)
    sys.stdout.flush()
    if args.out:
        with open(args.out, "w") as f:
            f.write(text)
    failed = any(r.errors or not r.ok for per in results.values() for r in per.values())
    failed = failed or any(r.errors or not r.ok for per in wrk_results.values() for r in per.values())
    return 3 if failed else 0


if __name__ == "__main__":
    try:
        code = main()
    except KeyboardInterrupt:
        stop_all()
        print("\nbench-wire: interrupted; servers stopped", file=sys.stderr)
        code = 130
    finally:
        stop_all()
    sys.exit(code)
