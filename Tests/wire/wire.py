"""Shared helpers for the wire tests: one endpoint, dummy credentials, no retries, unique names."""

import functools
import itertools
import os
import shutil
import subprocess
import sys
import time
import unittest
import uuid

import boto3
from botocore.config import Config

ENDPOINT = os.environ.get("WSIM_ENDPOINT", "http://127.0.0.1:4566").rstrip("/")
REFERENCE = os.environ.get("WSIM_REFERENCE", "")
ACCOUNT = "123456789012"
REGION = "us-east-1"



def moto_differs(reason):
    """Skips a test of AWS behaviour that moto does not reproduce, when WSIM_REFERENCE=moto."""
    return unittest.skipIf(REFERENCE == "moto", "moto differs: " + reason)


_RUN = uuid.uuid4().hex[:8]
_COUNTER = itertools.count(1)

_CREDENTIALS = {"aws_access_key_id": "test", "aws_secret_access_key": "test"}
# Retries off: one attempt in all. (botocore reads `max_attempts` as retries after the first attempt, so
# {"max_attempts": 1} would still retry once; `total_max_attempts` counts the first attempt.)
_CONFIG = Config(retries={"total_max_attempts": 1, "mode": "standard"}, connect_timeout=5, read_timeout=30)


def client(service, region=REGION):
    """A boto3 client on the endpoint, with dummy credentials and retries off."""
    return boto3.session.Session(region_name=region, **_CREDENTIALS).client(
        service, endpoint_url=ENDPOINT, config=_CONFIG
    )


def unique(name):
    """`name` made unique for this run (letters, digits and hyphens only, so valid everywhere)."""
    return f"{name}-{_RUN}-{next(_COUNTER)}"


def now_ms():
    return int(time.time() * 1000)


def aws_executable():
    """The `aws` next to this interpreter (a venv's bin) first, else the one on PATH."""
    here = os.path.join(os.path.dirname(sys.executable), "aws")
    if os.path.isfile(here) and os.access(here, os.X_OK):
        return here
    return shutil.which("aws")


@functools.lru_cache(maxsize=None)
def aws_v2_executable():
    """An aws CLI v2 (the one with `logs tail`): WSIM_AWS_V2, else the first `aws` on PATH or /usr/bin/aws whose
    `--version` says `aws-cli/2` (Debian's `awscli` package; PyPI's `awscli` is v1). None when there is none."""
    candidates = [os.environ.get("WSIM_AWS_V2"), aws_executable(), shutil.which("aws"), "/usr/bin/aws"]
    for candidate in candidates:
        if not candidate or not os.access(candidate, os.X_OK):
            continue
        try:
            done = subprocess.run([candidate, "--version"], capture_output=True, text=True, timeout=30)
        except (OSError, subprocess.TimeoutExpired):
            continue
        if (done.stdout + done.stderr).startswith("aws-cli/2"):
            return candidate
    return None


def require_aws_v2():
    """The aws CLI v2; skips the test where there is none, except in CI (`.ci/run` installs Debian's awscli),
    where its absence fails the test."""
    exe = aws_v2_executable()
    if exe is None:
        if os.environ.get("CI"):
            raise AssertionError("no aws CLI v2 found (.ci/run installs Debian's awscli); CI never skips this test")
        raise unittest.SkipTest("no aws CLI v2 here (`logs tail` is a v2 command; PyPI's awscli is v1)")
    return exe


def aws_environment():
    """Dummy credentials, no retries, no pager, no config files of the user's."""
    env = dict(os.environ)
    env.update(
        AWS_ACCESS_KEY_ID="test",
        AWS_SECRET_ACCESS_KEY="test",
        AWS_DEFAULT_REGION=REGION,
        AWS_MAX_ATTEMPTS="1",
        AWS_PAGER="",
        AWS_CONFIG_FILE=os.devnull,
        AWS_SHARED_CREDENTIALS_FILE=os.devnull,
    )
    for var in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_ENDPOINT_URL"):
        env.pop(var, None)
    return env


def aws(*args, check=True, timeout=60, exe=None):
    """Run `aws --endpoint-url ENDPOINT --region us-east-1 ARGS...` (the CLI `exe`, else the one next to this
    Python); returns the CompletedProcess."""
    exe = exe or aws_executable()
    if exe is None:
        raise unittest.SkipTest("aws CLI not found")
    env = aws_environment()
    command = [exe, "--endpoint-url", ENDPOINT, "--region", REGION, *args]
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=timeout)
    if check and done.returncode != 0:
        raise AssertionError(
            f"{' '.join(command)} exited {done.returncode}\nstdout:\n{done.stdout}\nstderr:\n{done.stderr}"
        )
    return done


def error_code(exc):
    return exc.response["Error"]["Code"]
