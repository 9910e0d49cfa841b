"""The whole pipeline live, through sockets only: `wsim serve --live --seed-set amelia` (its own process, on free
ports, simulated time 20 times the wall's), a work message sent with boto3, the answer read from the output
queue, the site read through the S3 website endpoint, the branch read from the bare remote with git, and a
WebSocket on the load balancer that receives `reload` after the next build of the thread."""

import base64
import http.client
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import unittest
import urllib.request

import boto3
from botocore.config import Config

import wire

BINARY = os.environ.get("WSIM_BINARY", "")
ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


def message(command, instruction, thread="thread-live", session="session-live-1"):
    return json.dumps({
        "sessionId": session, "commandId": command, "chatThreadId": thread, "clientId": "amelia",
        "projectId": "stamps", "instruction": instruction, "userId": "test-user-1",
    })


@unittest.skipUnless(BINARY and wire.REFERENCE != "moto", "needs WSIM_BINARY (the Swift test sets it) and a wsim server")
class TestLivePipeline(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.folder = tempfile.mkdtemp(prefix="wsim-live-")
        out = os.path.join(cls.folder, "serve")
        cls.server = subprocess.Popen(
            [BINARY, "serve", "--live", "--seed-set", "amelia", "--port", "0", "--lb-port", "0", "--speed", "20", "--out", out],
            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )
        lines = []
        while True:
            line = cls.server.stdout.readline()
            if not line:
                raise AssertionError("wsim serve --live printed no ready lines:\n" + "".join(lines))
            lines.append(line)
            if line.strip().startswith("try:"):
                break
        text = "".join(lines)
        cls.endpoint = re.search(r"ready on (http://\S+)", text).group(1)
        cls.balancer = re.search(r"load balancer: http://([\d.]+):(\d+)", text).groups()
        cls.remote = re.search(r"remote amelia/stamps: (\S+)", text).group(1)
        session = boto3.session.Session(region_name="us-west-2", aws_access_key_id="test", aws_secret_access_key="test")
        config = Config(retries={"total_max_attempts": 1})
        cls.sqs = session.client("sqs", endpoint_url=cls.endpoint, config=config)
        cls.input = cls.sqs.get_queue_url(QueueName="webordinary-input-amelia-stamps")["QueueUrl"]
        cls.output = cls.sqs.get_queue_url(QueueName="webordinary-output-amelia-stamps")["QueueUrl"]

    @classmethod
    def tearDownClass(cls):
        cls.server.send_signal(signal.SIGTERM)
        try:
            status = cls.server.wait(timeout=60)
        finally:
            cls.server.stdout.close()
            shutil.rmtree(cls.folder, ignore_errors=True)
        if status != 0:
            raise AssertionError(f"wsim serve --live exited {status} on SIGTERM (workers must hand back and the database close)")

    def answer(self, command, wall_seconds=90):
        deadline = time.monotonic() + wall_seconds
        while time.monotonic() < deadline:
            got = self.sqs.receive_message(QueueUrl=self.output, WaitTimeSeconds=20, MaxNumberOfMessages=10)
            for m in got.get("Messages", []):
                self.sqs.delete_message(QueueUrl=self.output, ReceiptHandle=m["ReceiptHandle"])
                body = json.loads(m["Body"])
                if body.get("commandId") == command:
                    return body
        self.fail(f"no answer to {command} within {wall_seconds} s of wall time")

    def website(self, path="/"):
        host, port = self.endpoint.split("//")[1].split(":")
        connection = http.client.HTTPConnection(host, int(port), timeout=10)
        connection.request("GET", path, headers={"Host": "edit.amelia.webordinary.com"})
        answer = connection.getresponse()
        result = answer.status, answer.read().decode()
        connection.close()
        return result

    def open_live_reload(self, thread):
        host, port = self.balancer
        s = socket.create_connection((host, int(port)), timeout=60)
        key = base64.b64encode(os.urandom(16)).decode()
        s.sendall((f"GET /session/{thread}/_hmr HTTP/1.1\r\nHost: {host}:{port}\r\nUpgrade: websocket\r\n"
                   f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n").encode())
        head = b""
        while b"\r\n\r\n" not in head:
            chunk = s.recv(1)
            if not chunk:
                break
            head += chunk
        return s, head.decode(errors="replace")

    @staticmethod
    def read_text_frame(s):
        first = s.recv(2)
        length = first[1] & 0x7F
        payload = b""
        while len(payload) < length:
            payload += s.recv(length - len(payload))
        return first[0] & 0x0F, payload.decode()

    def test_a_message_is_answered_deployed_pushed_and_reloads_the_preview(self):
        self.sqs.send_message(QueueUrl=self.input, MessageBody=message("cmd-live-1", "Add a welcome message to the homepage"))
        body = self.answer("cmd-live-1")
        self.assertTrue(body["success"], body)
        self.assertTrue(body["deploySuccess"] and body["pushSuccess"], body)
        status, page = self.website("/")
        self.assertEqual(status, 200)
        self.assertIn("Welcome to Amelia Stamps", page)
        branches = subprocess.run(["git", "--git-dir", self.remote, "branch", "--list"], capture_output=True, text=True, check=True).stdout
        self.assertIn("thread-live", branches)
        log = subprocess.run(["git", "--git-dir", self.remote, "log", "--oneline", "thread-live"], capture_output=True, text=True, check=True).stdout
        self.assertIn(body["commitSha"][:7], log)

        # The thread's container serves its preview; its live-reload socket gets `reload` after the next build.
        host, port = self.balancer
        preview = http.client.HTTPConnection(host, int(port), timeout=10)
        preview.request("GET", "/session/thread-live/")
        answer = preview.getresponse()
        self.assertEqual(answer.status, 200)
        page = answer.read().decode()
        self.assertIn("Welcome to Amelia Stamps", page)
        # As astro dev does, the page opens the live-reload socket itself and reloads on `reload`.
        self.assertIn('"/session/thread-live/_hmr"', page)
        self.assertLess(page.index("wsim live reload"), page.rindex("</body>"))
        preview.close()
        sock, head = self.open_live_reload("thread-live")
        self.assertTrue(head.startswith("HTTP/1.1 101"), head)
        self.sqs.send_message(QueueUrl=self.input, MessageBody=message("cmd-live-2", "Update the footer copyright year"))
        self.assertEqual(self.read_text_frame(sock), (1, "reload"))
        self.assertTrue(self.answer("cmd-live-2")["success"])
        sock.close()

    def load_balancer_requests(self, path):
        """How many requests for `path` the load balancer has carried (its events in the server's trace)."""
        with urllib.request.urlopen(self.endpoint + "/_wsim/trace", timeout=10) as answer:
            lines = answer.read().decode().splitlines()
        return sum(1 for line in lines if '"elb"' in line and f'"path":"{path}"' in line)

    @unittest.skipUnless(shutil.which("chromium") or os.environ.get("CI"), "no chromium here (CI installs it)")
    def test_a_browser_on_the_preview_reloads_after_the_next_build(self):
        chromium = shutil.which("chromium")
        self.assertIsNotNone(chromium, "chromium is missing: apt-get install chromium (.ci/run does)")
        thread = "thread-browser"
        self.sqs.send_message(QueueUrl=self.input, MessageBody=message("cmd-browser-1", "Add a welcome message to the homepage", thread, "session-browser"))
        self.assertTrue(self.answer("cmd-browser-1")["success"])
        host, port = self.balancer
        page = f"/session/{thread}/"
        profile = tempfile.mkdtemp(prefix="wsim-chromium-")
        browser = subprocess.Popen(
            [chromium, "--headless=new", "--no-sandbox", "--disable-gpu", f"--user-data-dir={profile}", "--remote-debugging-port=0",
             f"http://{host}:{port}{page}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            def wait_for(count, path, seconds=30):
                deadline = time.monotonic() + seconds
                while time.monotonic() < deadline:
                    if self.load_balancer_requests(path) >= count:
                        return True
                    time.sleep(0.2)
                return False
            self.assertTrue(wait_for(1, page + "_hmr"), "the page's script opened no live-reload socket")
            self.sqs.send_message(QueueUrl=self.input, MessageBody=message("cmd-browser-2", "Update the footer copyright year", thread, "session-browser"))
            self.assertTrue(self.answer("cmd-browser-2")["success"])
            self.assertTrue(wait_for(2, page), "the browser did not load the page again after the build")
            self.assertTrue(wait_for(2, page + "_hmr"), "the reloaded page opened no new live-reload socket")
        finally:
            browser.kill()
            browser.wait(timeout=30)
            shutil.rmtree(profile, ignore_errors=True)

    def test_the_load_balancer_refuses_what_it_has_no_rule_for(self):
        host, port = self.balancer
        connection = http.client.HTTPConnection(host, int(port), timeout=10)
        connection.request("GET", "/nowhere")
        self.assertEqual(connection.getresponse().status, 404)
        connection.close()
        sock, head = self.open_live_reload("thread-never-seen")
        self.assertFalse(head.startswith("HTTP/1.1 101"), head)
        sock.close()


if __name__ == "__main__":
    unittest.main()
