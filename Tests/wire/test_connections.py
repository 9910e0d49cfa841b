"""Connections that misbehave: a half-sent request, a client that stalls mid-body, a closed socket, a body
that claims more than it sends. The server answers or drops each one and keeps serving everyone else."""

import socket
import unittest
import urllib.parse

import wire


def _address():
    parsed = urllib.parse.urlparse(wire.ENDPOINT)
    return parsed.hostname, parsed.port or 80


class TestConnections(unittest.TestCase):
    def setUp(self):
        self.sqs = wire.client("sqs")

    def still_serving(self):
        self.assertIn("QueueUrls", self.sqs.list_queues() | {"QueueUrls": []})

    def test_half_sent_request_then_close(self):
        with socket.create_connection(_address(), timeout=5) as sock:
            sock.sendall(b"POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-amz-json-1.0\r\nX-Amz-")
        self.still_serving()

    def test_stalled_body_does_not_block_other_clients(self):
        stalled = socket.create_connection(_address(), timeout=5)
        try:
            stalled.sendall(
                b"POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-amz-json-1.0\r\n"
                b"X-Amz-Target: AmazonSQS.ListQueues\r\nContent-Length: 100\r\n\r\n{\"Queue"
            )
            # While that body never arrives, others are answered.
            for _ in range(3):
                self.still_serving()
        finally:
            stalled.close()
        self.still_serving()

    def test_garbage_instead_of_http(self):
        with socket.create_connection(_address(), timeout=5) as sock:
            sock.sendall(b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03" + bytes(range(256)) + b"\r\n\r\n")
            sock.settimeout(5)
            try:
                answer = sock.recv(4096)
            except (ConnectionResetError, socket.timeout):
                answer = b""
            # Either a 4xx or a closed connection; never a 5xx.
            self.assertFalse(answer.startswith(b"HTTP/1.1 5"), answer[:100])
        self.still_serving()

    @wire.moto_differs("moto has no request body limit")
    def test_oversized_body_is_refused_in_the_protocols_shape(self):
        body = b'{"QueueName": "' + b"x" * (17 * 1024 * 1024) + b'"}'
        with socket.create_connection(_address(), timeout=30) as sock:
            sock.sendall(
                b"POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-amz-json-1.0\r\n"
                b"X-Amz-Target: AmazonSQS.CreateQueue\r\nContent-Length: " + str(len(body)).encode() + b"\r\n\r\n"
            )
            try:
                sock.sendall(body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the server may answer and close before reading it all
            sock.settimeout(30)
            answer = b""
            try:
                while b"\r\n\r\n" not in answer or not answer.rstrip().endswith(b"}"):
                    chunk = sock.recv(65536)
                    if not chunk:
                        break
                    answer += chunk
            except (ConnectionResetError, socket.timeout):
                pass
        self.assertTrue(answer.startswith(b"HTTP/1.1 413"), answer[:200])
        self.assertIn(b'"__type":"RequestEntityTooLarge"', answer)
        self.still_serving()

    def test_many_connections_opened_and_dropped(self):
        for _ in range(50):
            sock = socket.create_connection(_address(), timeout=5)
            sock.close()
        self.still_serving()


if __name__ == "__main__":
    unittest.main()
