"""S3 REST through boto3, raw HTTP and the aws CLI: buckets, objects, listings, multipart, checksums,
aws-chunked bodies, Expect: 100-continue, sync, and the website endpoint."""

import base64
import hashlib
import http.client
import io
import os
import tempfile
import time
import unittest
import urllib.parse
import zlib

from botocore.config import Config
import boto3

import wire


def s3(style="path"):
    return boto3.session.Session(region_name=wire.REGION, aws_access_key_id="test", aws_secret_access_key="test").client(
        "s3", endpoint_url=wire.ENDPOINT,
        config=Config(retries={"total_max_attempts": 1, "mode": "standard"}, s3={"addressing_style": style}),
    )


def crc32_b64(data):
    return base64.b64encode(zlib.crc32(data).to_bytes(4, "big")).decode()


def raw(method, path, body=b"", headers=None):
    """One request on a fresh connection; returns (status, headers as a lower-case dict, body)."""
    parsed = urllib.parse.urlparse(wire.ENDPOINT)
    connection = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=10)
    connection.request(method, path, body=body, headers=headers or {})
    answer = connection.getresponse()
    data = answer.read()
    connection.close()
    return answer.status, {k.lower(): v for k, v in answer.getheaders()}, data


class S3Case(unittest.TestCase):
    def setUp(self):
        self.s3 = s3()
        self.bucket = wire.unique("bucket")
        self.s3.create_bucket(Bucket=self.bucket)
        self.addCleanup(self.empty_and_delete, self.bucket)

    def empty_and_delete(self, bucket):
        for page in self.s3.get_paginator("list_objects_v2").paginate(Bucket=bucket):
            keys = [{"Key": o["Key"]} for o in page.get("Contents", [])]
            if keys:
                self.s3.delete_objects(Bucket=bucket, Delete={"Objects": keys})
        self.s3.delete_bucket(Bucket=bucket)


class TestBuckets(S3Case):
    def test_list_head_and_errors(self):
        names = [b["Name"] for b in self.s3.list_buckets()["Buckets"]]
        self.assertIn(self.bucket, names)
        self.s3.head_bucket(Bucket=self.bucket)
        # In us-east-1 creating a bucket one already owns succeeds (S3's legacy rule); elsewhere it fails.
        self.s3.create_bucket(Bucket=self.bucket)
        with self.assertRaises(self.s3.exceptions.NoSuchBucket):
            self.s3.list_objects_v2(Bucket=wire.unique("missing"))
        with self.assertRaises(Exception) as caught:
            self.s3.head_bucket(Bucket=wire.unique("missing"))
        self.assertEqual(wire.error_code(caught.exception), "404")

    @wire.moto_differs("moto lets a bucket be created twice outside us-east-1")
    def test_owned_twice_outside_us_east_1(self):
        west = boto3.session.Session(region_name="us-west-2", aws_access_key_id="test", aws_secret_access_key="test").client(
            "s3", endpoint_url=wire.ENDPOINT, config=Config(retries={"total_max_attempts": 1}))
        name = wire.unique("west")
        west.create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": "us-west-2"})
        self.addCleanup(lambda: west.delete_bucket(Bucket=name))
        with self.assertRaises(west.exceptions.BucketAlreadyOwnedByYou):
            west.create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": "us-west-2"})
        self.assertIn(name, [b["Name"] for b in self.s3.list_buckets()["Buckets"]], "ListBuckets lists every region's buckets")

    def test_bucket_not_empty(self):
        self.s3.put_object(Bucket=self.bucket, Key="k", Body=b"x")
        with self.assertRaises(Exception) as caught:
            self.s3.delete_bucket(Bucket=self.bucket)
        self.assertEqual(wire.error_code(caught.exception), "BucketNotEmpty")

    @wire.moto_differs("moto accepts invalid bucket names")
    def test_invalid_name(self):
        with self.assertRaises(Exception) as caught:
            self.s3.create_bucket(Bucket="Bad_Name")
        self.assertEqual(wire.error_code(caught.exception), "InvalidBucketName")


class TestObjects(S3Case):
    def test_put_get_head_metadata_unicode_keys(self):
        for key in ["plain.txt", "dir/with space/ü ñ 日本.html", "a+b=c&d?e#f", "trailing/"]:
            body = ("body of " + key).encode()
            put = self.s3.put_object(
                Bucket=self.bucket, Key=key, Body=body, ContentType="text/html; charset=utf-8",
                Metadata={"Owner": "amelia"}, CacheControl="max-age=60",
            )
            self.assertEqual(put["ETag"], '"%s"' % hashlib.md5(body).hexdigest())
            got = self.s3.get_object(Bucket=self.bucket, Key=key)
            self.assertEqual(got["Body"].read(), body)
            self.assertEqual(got["ContentType"], "text/html; charset=utf-8")
            self.assertEqual(got["Metadata"], {"owner": "amelia"})
            self.assertEqual(got["CacheControl"], "max-age=60")
            head = self.s3.head_object(Bucket=self.bucket, Key=key)
            self.assertEqual(head["ContentLength"], len(body))
            self.assertEqual(head["ETag"], put["ETag"])

    def test_missing_key(self):
        with self.assertRaises(self.s3.exceptions.NoSuchKey) as caught:
            self.s3.get_object(Bucket=self.bucket, Key="nope")
        self.assertEqual(caught.exception.response["Error"]["Key"], "nope")
        with self.assertRaises(Exception) as caught:
            self.s3.head_object(Bucket=self.bucket, Key="nope")
        self.assertEqual(wire.error_code(caught.exception), "404")

    def test_ranges_and_conditions(self):
        put = self.s3.put_object(Bucket=self.bucket, Key="r", Body=b"0123456789")
        part = self.s3.get_object(Bucket=self.bucket, Key="r", Range="bytes=2-4")
        self.assertEqual(part["Body"].read(), b"234")
        self.assertEqual(part["ContentRange"], "bytes 2-4/10")
        self.assertEqual(part["ResponseMetadata"]["HTTPStatusCode"], 206)
        self.assertEqual(self.s3.get_object(Bucket=self.bucket, Key="r", Range="bytes=-3")["Body"].read(), b"789")
        with self.assertRaises(Exception) as caught:
            self.s3.get_object(Bucket=self.bucket, Key="r", Range="bytes=20-30")
        self.assertEqual(wire.error_code(caught.exception), "InvalidRange")
        with self.assertRaises(Exception) as caught:
            self.s3.get_object(Bucket=self.bucket, Key="r", IfMatch='"0000"')
        self.assertEqual(wire.error_code(caught.exception), "PreconditionFailed")
        with self.assertRaises(Exception) as caught:
            self.s3.get_object(Bucket=self.bucket, Key="r", IfNoneMatch=put["ETag"])
        self.assertEqual(wire.error_code(caught.exception), "304")
        self.assertEqual(self.s3.get_object(Bucket=self.bucket, Key="r", IfMatch=put["ETag"])["Body"].read(), b"0123456789")

    def test_copy_and_delete(self):
        self.s3.put_object(Bucket=self.bucket, Key="src", Body=b"copy me", ContentType="text/plain", Metadata={"a": "1"})
        self.s3.copy_object(Bucket=self.bucket, Key="dst/ü", CopySource={"Bucket": self.bucket, "Key": "src"})
        got = self.s3.get_object(Bucket=self.bucket, Key="dst/ü")
        self.assertEqual((got["Body"].read(), got["ContentType"], got["Metadata"]), (b"copy me", "text/plain", {"a": "1"}))
        self.s3.copy_object(
            Bucket=self.bucket, Key="dst2", CopySource=f"{self.bucket}/src", MetadataDirective="REPLACE",
            ContentType="application/json", Metadata={"b": "2"},
        )
        head = self.s3.head_object(Bucket=self.bucket, Key="dst2")
        self.assertEqual((head["ContentType"], head["Metadata"]), ("application/json", {"b": "2"}))
        self.s3.copy_object(Bucket=self.bucket, Key="dst2", CopySource=f"{self.bucket}/dst2", MetadataDirective="REPLACE",
                            ContentType="text/css", CacheControl="max-age=60")
        self.assertEqual(self.s3.head_object(Bucket=self.bucket, Key="dst2")["CacheControl"], "max-age=60")
        self.s3.delete_object(Bucket=self.bucket, Key="src")
        self.s3.delete_object(Bucket=self.bucket, Key="src")  # deleting a missing key succeeds, as in S3
        result = self.s3.delete_objects(Bucket=self.bucket, Delete={"Objects": [{"Key": "dst/ü"}, {"Key": "dst2"}, {"Key": "never"}]})
        self.assertEqual(sorted(d["Key"] for d in result["Deleted"]), ["dst/ü", "dst2", "never"])
        self.assertEqual(self.s3.list_objects_v2(Bucket=self.bucket)["KeyCount"], 0)


class TestListing(S3Case):
    def test_prefix_delimiter_and_paging(self):
        keys = [f"site/page{i:02d}.html" for i in range(7)] + ["site/assets/a b.css", "site/assets/c+d.js", "root.txt", "日本/x"]
        for key in keys:
            self.s3.put_object(Bucket=self.bucket, Key=key, Body=key.encode())
        listed = []
        for page in self.s3.get_paginator("list_objects_v2").paginate(Bucket=self.bucket, PaginationConfig={"PageSize": 3}):
            self.assertLessEqual(page["KeyCount"], 3)
            listed += [o["Key"] for o in page.get("Contents", [])]
        self.assertEqual(listed, sorted(keys, key=lambda k: k.encode()))
        top = self.s3.list_objects_v2(Bucket=self.bucket, Delimiter="/")
        self.assertEqual([o["Key"] for o in top["Contents"]], ["root.txt"])
        self.assertEqual([p["Prefix"] for p in top["CommonPrefixes"]], ["site/", "日本/"])
        assets = self.s3.list_objects_v2(Bucket=self.bucket, Prefix="site/assets/")
        self.assertEqual([o["Key"] for o in assets["Contents"]], ["site/assets/a b.css", "site/assets/c+d.js"])
        v1 = self.s3.list_objects(Bucket=self.bucket, Prefix="site/", Delimiter="/")
        self.assertEqual([p["Prefix"] for p in v1["CommonPrefixes"]], ["site/assets/"])
        self.assertEqual(len(v1["Contents"]), 7)

    def test_v1_paging_with_a_delimiter_does_not_repeat_a_prefix(self):
        for key in ["dir/a", "dir/b", "z"]:
            self.s3.put_object(Bucket=self.bucket, Key=key, Body=b"x")
        seen = []
        for page in self.s3.get_paginator("list_objects").paginate(Bucket=self.bucket, Delimiter="/", PaginationConfig={"PageSize": 1}):
            seen += [p["Prefix"] for p in page.get("CommonPrefixes", [])] + [o["Key"] for o in page.get("Contents", [])]
        self.assertEqual(seen, ["dir/", "z"])

    @wire.moto_differs("moto reads virtual hosts under its own domain only")
    def test_virtual_hosted_style(self):
        # bucket.s3.localhost resolves only through a resolver; send the Host header directly instead.
        self.s3.put_object(Bucket=self.bucket, Key="v.txt", Body=b"virtual")
        port = urllib.parse.urlparse(wire.ENDPOINT).port
        for host in [f"{self.bucket}.s3.localhost:{port}", f"{self.bucket}.s3.localhost"]:
            status, _, body = raw("GET", "/v.txt", headers={"Host": host})
            self.assertEqual((status, body), (200, b"virtual"), host)


class TestMultipart(S3Case):
    def test_five_mebibytes_and_one_byte(self):
        data = os.urandom(5 * 1024 * 1024 + 1)
        upload = self.s3.create_multipart_upload(Bucket=self.bucket, Key="big.bin", ContentType="application/octet-stream")
        first = self.s3.upload_part(Bucket=self.bucket, Key="big.bin", UploadId=upload["UploadId"], PartNumber=1, Body=data[: 5 * 1024 * 1024])
        second = self.s3.upload_part(Bucket=self.bucket, Key="big.bin", UploadId=upload["UploadId"], PartNumber=2, Body=data[5 * 1024 * 1024 :])
        parts = self.s3.list_parts(Bucket=self.bucket, Key="big.bin", UploadId=upload["UploadId"])["Parts"]
        self.assertEqual([(p["PartNumber"], p["Size"]) for p in parts], [(1, 5 * 1024 * 1024), (2, 1)])
        done = self.s3.complete_multipart_upload(
            Bucket=self.bucket, Key="big.bin", UploadId=upload["UploadId"],
            MultipartUpload={"Parts": [{"PartNumber": 1, "ETag": first["ETag"]}, {"PartNumber": 2, "ETag": second["ETag"]}]},
        )
        digests = hashlib.md5(data[: 5 * 1024 * 1024]).digest() + hashlib.md5(data[5 * 1024 * 1024 :]).digest()
        expected = '"%s-2"' % hashlib.md5(digests).hexdigest()
        self.assertEqual(done["ETag"], expected)
        got = self.s3.get_object(Bucket=self.bucket, Key="big.bin")
        self.assertEqual(got["ETag"], expected)
        self.assertEqual(hashlib.sha256(got["Body"].read()).hexdigest(), hashlib.sha256(data).hexdigest())
        with self.assertRaises(Exception) as caught:
            self.s3.list_parts(Bucket=self.bucket, Key="big.bin", UploadId=upload["UploadId"])
        self.assertEqual(wire.error_code(caught.exception), "NoSuchUpload")

    @wire.moto_differs("moto checks part sizes before part order")
    def test_rules(self):
        upload = self.s3.create_multipart_upload(Bucket=self.bucket, Key="m")["UploadId"]
        small = self.s3.upload_part(Bucket=self.bucket, Key="m", UploadId=upload, PartNumber=1, Body=b"tiny")
        last = self.s3.upload_part(Bucket=self.bucket, Key="m", UploadId=upload, PartNumber=2, Body=b"end")
        for parts, code in [
            ([{"PartNumber": 1, "ETag": small["ETag"]}, {"PartNumber": 2, "ETag": last["ETag"]}], "EntityTooSmall"),
            ([{"PartNumber": 2, "ETag": last["ETag"]}, {"PartNumber": 1, "ETag": small["ETag"]}], "InvalidPartOrder"),
            ([{"PartNumber": 1, "ETag": '"00000000000000000000000000000000"'}], "InvalidPart"),
        ]:
            with self.assertRaises(Exception) as caught:
                self.s3.complete_multipart_upload(Bucket=self.bucket, Key="m", UploadId=upload, MultipartUpload={"Parts": parts})
            self.assertEqual(wire.error_code(caught.exception), code)
        listed = self.s3.list_multipart_uploads(Bucket=self.bucket)
        self.assertEqual([u["UploadId"] for u in listed["Uploads"]], [upload])
        self.assertNotIn("Uploads", self.s3.list_multipart_uploads(Bucket=self.bucket, Prefix="other/"))
        self.s3.abort_multipart_upload(Bucket=self.bucket, Key="m", UploadId=upload)
        with self.assertRaises(Exception) as caught:
            self.s3.upload_part(Bucket=self.bucket, Key="m", UploadId=upload, PartNumber=3, Body=b"x")
        self.assertEqual(wire.error_code(caught.exception), "NoSuchUpload")
        self.assertNotIn("Uploads", self.s3.list_multipart_uploads(Bucket=self.bucket))

    def test_upload_file_uses_multipart(self):
        from boto3.s3.transfer import TransferConfig

        data = os.urandom(12 * 1024 * 1024)
        self.s3.upload_fileobj(io.BytesIO(data), self.bucket, "t.bin", Config=TransferConfig(multipart_threshold=8 * 1024 * 1024))
        head = self.s3.head_object(Bucket=self.bucket, Key="t.bin")
        self.assertTrue(head["ETag"].endswith('-2"'), head["ETag"])
        out = io.BytesIO()
        self.s3.download_fileobj(self.bucket, "t.bin", out)
        self.assertEqual(out.getvalue(), data)


@wire.moto_differs("moto accepts what wsim refuses by name")
class TestRefusals(S3Case):
    def test_unserved_features_and_bad_uris_are_refused_by_name(self):
        path = f"/{self.bucket}/k"
        for headers, word in [({"If-None-Match": "*"}, b"conditional writes"), ({"x-amz-server-side-encryption": "AES256"}, b"server-side encryption")]:
            status, _, body = raw("PUT", path, b"x", headers)
            self.assertEqual(status, 501, body)
            self.assertIn(word, body)
        status, _, body = raw("GET", path + "?versionId=3")
        self.assertEqual(status, 501)
        status, _, body = raw("PUT", f"/{self.bucket}/%FF", b"x")
        self.assertEqual(status, 400)
        self.assertIn(b"<Code>InvalidURI</Code>", body)
        with self.assertRaises(Exception) as caught:
            self.s3.create_bucket(Bucket=wire.unique("loc"), CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
        self.assertEqual(wire.error_code(caught.exception), "IllegalLocationConstraintException")

    def test_a_key_under_wsim_on_a_virtual_host_is_a_key(self):
        status, _, _ = raw("PUT", "/_wsim/health", b"mine", {"Host": f"{self.bucket}.s3.localhost"})
        self.assertEqual(status, 200)
        self.assertEqual(self.s3.get_object(Bucket=self.bucket, Key="_wsim/health")["Body"].read(), b"mine")


class TestChecksums(S3Case):
    def test_sdk_checksum_headers_are_checked(self):
        put = self.s3.put_object(Bucket=self.bucket, Key="c", Body=b"checked", ChecksumAlgorithm="CRC32")
        self.assertEqual(put["ChecksumCRC32"], crc32_b64(b"checked"))
        # CRC32C and CRC64NVME need botocore[crt]; the Swift tests check those two against their reference values.
        for algorithm in ["SHA256", "SHA1"]:
            put = self.s3.put_object(Bucket=self.bucket, Key="c-" + algorithm, Body=b"checked", ChecksumAlgorithm=algorithm)
            self.assertIn("Checksum" + algorithm, put)

    @wire.moto_differs("moto does not check checksums")
    def test_wrong_checksums_are_refused(self):
        path = f"/{self.bucket}/bad"
        status, _, body = raw("PUT", path, b"payload", {"x-amz-checksum-crc32": crc32_b64(b"other")})
        self.assertEqual(status, 400)
        self.assertIn(b"<Code>BadDigest</Code>", body)
        wrong_md5 = base64.b64encode(hashlib.md5(b"other").digest()).decode()
        status, _, body = raw("PUT", path, b"payload", {"Content-MD5": wrong_md5})
        self.assertIn(b"<Code>BadDigest</Code>", body)
        status, _, body = raw("PUT", path, b"payload", {"Content-MD5": "not base64!"})
        self.assertIn(b"<Code>InvalidDigest</Code>", body)
        status, _, body = raw("PUT", path, b"payload", {"x-amz-content-sha256": hashlib.sha256(b"other").hexdigest()})
        self.assertIn(b"<Code>XAmzContentSHA256Mismatch</Code>", body)
        with self.assertRaises(self.s3.exceptions.NoSuchKey):
            self.s3.get_object(Bucket=self.bucket, Key="bad")
        right_md5 = base64.b64encode(hashlib.md5(b"payload").digest()).decode()
        status, _, _ = raw("PUT", path, b"payload", {"Content-MD5": right_md5})
        self.assertEqual(status, 200)

    @wire.moto_differs("moto does not check trailing checksums")
    def test_aws_chunked_with_a_trailing_checksum(self):
        data = b"hello chunked world, " * 500
        chunks = [data[:4096], data[4096:]]
        framed = b"".join(b"%x\r\n%s\r\n" % (len(c), c) for c in chunks)
        framed += b"0\r\nx-amz-checksum-crc32:" + crc32_b64(data).encode() + b"\r\n\r\n"
        headers = {
            "Content-Encoding": "aws-chunked", "x-amz-content-sha256": "STREAMING-UNSIGNED-PAYLOAD-TRAILER",
            "x-amz-decoded-content-length": str(len(data)), "x-amz-trailer": "x-amz-checksum-crc32",
        }
        status, answer, _ = raw("PUT", f"/{self.bucket}/chunked", framed, headers)
        self.assertEqual(status, 200)
        self.assertEqual(answer["etag"], '"%s"' % hashlib.md5(data).hexdigest())
        self.assertEqual(self.s3.get_object(Bucket=self.bucket, Key="chunked")["Body"].read(), data)
        # A signed stream: chunk signatures are read and ignored.
        signed = b"".join(b"%x;chunk-signature=%s\r\n%s\r\n" % (len(c), b"0" * 64, c) for c in chunks) + b"0;chunk-signature=" + b"0" * 64 + b"\r\n\r\n"
        status, _, _ = raw("PUT", f"/{self.bucket}/signed", signed, {"x-amz-content-sha256": "STREAMING-AWS4-HMAC-SHA256-PAYLOAD", "x-amz-decoded-content-length": str(len(data))})
        self.assertEqual(status, 200)
        self.assertEqual(self.s3.get_object(Bucket=self.bucket, Key="signed")["Body"].read(), data)
        bad = framed.replace(crc32_b64(data).encode(), crc32_b64(b"x").encode())
        status, _, body = raw("PUT", f"/{self.bucket}/bad-trailer", bad, headers)
        self.assertIn(b"BadDigest", body)
        status, _, body = raw("PUT", f"/{self.bucket}/bad-frame", b"zz\r\nabc", headers)
        self.assertEqual(status, 400)
        status, _, body = raw("PUT", f"/{self.bucket}/short", framed, dict(headers, **{"x-amz-decoded-content-length": "5"}))
        self.assertIn(b"IncompleteBody", body)

    def test_expect_100_continue_is_answered_at_once(self):
        started = time.monotonic()
        for index in range(3):
            self.s3.put_object(Bucket=self.bucket, Key=f"e{index}", Body=io.BytesIO(b"expect"))
        # Without the interim answer botocore waits about a second per upload.
        self.assertLess(time.monotonic() - started, 2.5)


class TestCli(S3Case):
    def test_sync_round_trip_and_ls(self):
        with tempfile.TemporaryDirectory() as source, tempfile.TemporaryDirectory() as target:
            files = {"index.html": b"<h1>home</h1>", "about/index.html": b"<h1>about</h1>", "assets/a b.css": b"body{}", "ü.txt": b"unicode"}
            for name, data in files.items():
                os.makedirs(os.path.dirname(os.path.join(source, name)), exist_ok=True)
                with open(os.path.join(source, name), "wb") as f:
                    f.write(data)
                # sync uploads a file newer than its object; S3 keeps LastModified to the second, so a file
                # written in the same second as its upload would look newer.
                os.utime(os.path.join(source, name), (time.time() - 60, time.time() - 60))
            wire.aws("s3", "sync", source, f"s3://{self.bucket}/site")
            listing = wire.aws("s3", "ls", f"s3://{self.bucket}/", "--recursive").stdout
            for name in files:
                self.assertIn("site/" + name, listing)
            wire.aws("s3", "sync", f"s3://{self.bucket}/site", target)
            for name, data in files.items():
                with open(os.path.join(target, name), "rb") as f:
                    self.assertEqual(f.read(), data, name)
            again = wire.aws("s3", "sync", source, f"s3://{self.bucket}/site").stdout
            self.assertEqual(again.strip(), "", "a second sync uploads nothing")
            os.remove(os.path.join(source, "ü.txt"))
            wire.aws("s3", "sync", source, f"s3://{self.bucket}/site", "--delete")
            self.assertNotIn("ü.txt", wire.aws("s3", "ls", f"s3://{self.bucket}/", "--recursive").stdout)
            wire.aws("s3", "cp", os.path.join(source, "index.html"), f"s3://{self.bucket}/copied.html")
            wire.aws("s3", "cp", f"s3://{self.bucket}/site", os.path.join(target, "copy"), "--recursive")
            with open(os.path.join(target, "copy", "about", "index.html"), "rb") as f:
                self.assertEqual(f.read(), files["about/index.html"])


@wire.moto_differs("moto serves no S3 website endpoint")
class TestWebsite(S3Case):
    def setUp(self):
        super().setUp()
        self.s3.put_bucket_website(Bucket=self.bucket, WebsiteConfiguration={
            "IndexDocument": {"Suffix": "index.html"}, "ErrorDocument": {"Key": "404.html"},
            "RoutingRules": [{"Condition": {"KeyPrefixEquals": "old/"}, "Redirect": {"ReplaceKeyPrefixWith": "new/"}}],
        })
        for key, body in {"index.html": b"<h1>home</h1>", "about/index.html": b"<h1>about</h1>", "404.html": b"<h1>lost</h1>"}.items():
            self.s3.put_object(Bucket=self.bucket, Key=key, Body=body, ContentType="text/html")
        self.s3.put_object(Bucket=self.bucket, Key="moved", Body=b"", WebsiteRedirectLocation="/about/")

    def test_configuration_round_trip(self):
        configuration = self.s3.get_bucket_website(Bucket=self.bucket)
        self.assertEqual(configuration["IndexDocument"], {"Suffix": "index.html"})
        self.assertEqual(configuration["ErrorDocument"], {"Key": "404.html"})
        self.assertEqual(configuration["RoutingRules"][0]["Redirect"], {"ReplaceKeyPrefixWith": "new/"})

    def test_endpoint_by_host(self):
        port = urllib.parse.urlparse(wire.ENDPOINT).port
        for host in [self.bucket, f"{self.bucket}.s3-website.localhost:{port}", f"{self.bucket}.s3-website-us-east-1.amazonaws.com"]:
            status, headers, body = raw("GET", "/", headers={"Host": host})
            self.assertEqual((status, body), (200, b"<h1>home</h1>"), host)
            self.assertEqual(headers["content-type"], "text/html")
            self.assertEqual(raw("GET", "/about/", headers={"Host": host})[2], b"<h1>about</h1>")
            status, headers, _ = raw("GET", "/about", headers={"Host": host})
            self.assertEqual((status, headers["location"]), (302, "/about/"))
            status, _, body = raw("GET", "/nowhere", headers={"Host": host})
            self.assertEqual((status, body), (404, b"<h1>lost</h1>"))
            status, headers, _ = raw("GET", "/moved", headers={"Host": host})
            self.assertEqual((status, headers["location"]), (301, "/about/"))
            status, headers, _ = raw("GET", "/old/page.html", headers={"Host": host})
            self.assertEqual((status, headers["location"]), (301, "/new/page.html"))
            self.assertEqual(raw("PUT", "/x", b"", headers={"Host": host})[0], 405)

    def test_a_bucket_without_website_hosting(self):
        self.s3.delete_bucket_website(Bucket=self.bucket)
        status, _, body = raw("GET", "/", headers={"Host": f"{self.bucket}.s3-website.localhost"})
        self.assertEqual(status, 404)
        self.assertIn(b"NoSuchWebsiteConfiguration", body)


if __name__ == "__main__":
    unittest.main()
