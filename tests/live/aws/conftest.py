"""A moto server on 127.0.0.1 (a free port) that boto3 reaches through ``AWS_ENDPOINT_URL``.

The server runs once per test process; every test starts from an empty account
(``POST /moto-api/reset``) with IAM enforcement off, and fake credentials in the environment.
"""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Iterator
from typing import Any

import pytest

REGION = "us-east-1"
ACCOUNT = "123456789012"


class Moto:
    """The running server: its URL, a boto3 client factory for seeding, and its admin API."""

    def __init__(self, url: str) -> None:
        self.url = url

    def client(self, service: str, region: str = REGION, **credentials: str) -> Any:
        import boto3

        from policycheck.live.aws.session import local_endpoint_fix

        return local_endpoint_fix(boto3.client(service, region_name=region, endpoint_url=self.url, **credentials))

    def admin(self, path: str, body: str = "") -> None:
        request = urllib.request.Request(f"{self.url}/moto-api/{path}", data=body.encode(), method="POST",
                                         headers={"Content-Type": "text/plain"})
        with urllib.request.urlopen(request, timeout=10) as response:
            response.read()

    def enforce_iam(self) -> None:
        """From now on, moto checks every request against the caller's IAM policies."""
        self.admin("reset-auth", "0")

    def config(self, **settings: Any) -> None:
        self.admin("config", json.dumps(settings))


@pytest.fixture(scope="session")
def moto_server() -> Iterator[str]:
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def moto(moto_server: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Moto]:
    for name in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN", "AWS_CONFIG_FILE",
                 "AWS_SHARED_CREDENTIALS_FILE", "AWS_ROLE_ARN", "AWS_WEB_IDENTITY_TOKEN_FILE", "CI"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_ENDPOINT_URL", moto_server)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", REGION)
    monkeypatch.setenv("AWS_CONFIG_FILE", "/nonexistent/policycheck-test-config")
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/policycheck-test-credentials")
    server = Moto(moto_server)
    server.admin("reset-auth", "inf")
    server.admin("reset")
    yield server
    server.admin("reset-auth", "inf")
    server.admin("reset")
