"""Sessions: the standard credential chain, ``--profile``, assumed roles, enabled regions.

boto3 itself honours ``AWS_ENDPOINT_URL`` (and the per-service variants), so tests and local
emulators need nothing special here.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import boto3
from botocore.config import Config
from botocore.credentials import RefreshableCredentials
from botocore.exceptions import ProfileNotFound
from botocore.session import get_session

from policycheck import __version__
from policycheck.errors import PolicycheckError
from policycheck.live.aws.api import ServiceApi, Shared
from policycheck.live.aws.errors import NotAssessedError
from policycheck.live.aws.module import FRAMEWORK_ACTIONS
from policycheck.live.aws.options import ROLE_ARN, AwsOptions
from policycheck.live.aws.scope import Scope

SESSION_NAME = "policycheck-audit"
DEFAULT_REGION = "us-east-1"
ACTIONS = FRAMEWORK_ACTIONS


def client_config(options: AwsOptions) -> Config:
    retries: dict[str, Any] = {"mode": options.retry_mode}
    if options.max_attempts is not None:
        retries["total_max_attempts"] = options.max_attempts
    return Config(retries=retries, user_agent_extra=f"policycheck/{__version__}",
                  max_pool_connections=max(10, options.max_workers * 2))


@dataclass
class Account:
    """One account's session; creating clients is serialised (boto3 sessions are not
    thread-safe, the clients they make are)."""

    session: boto3.session.Session
    scope: Scope
    """The account scope in its home region (used for global services)."""
    config: Config
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def account(self) -> str:
        return self.scope.account

    def client(self, service: str, region: str) -> Any:
        with self._lock:
            client = self.session.client(service, region_name=region or self.scope.region, config=self.config)
        return local_endpoint_fix(client)

    def api(self, service: str, actions: Mapping[str, str], region: str,
            siblings: Mapping[str, Mapping[str, str]] | None = None, *, limits: Shared | None = None) -> ServiceApi:
        """A :class:`ServiceApi` for ``service`` in ``region`` (``""``: the home region, for
        global services), able to reach the ``siblings`` clients."""
        where = region or self.scope.region
        limits = limits or Shared()
        shared = Shared(lambda name, at: self.client(name, at or where), limits.in_flight, limits.fanout)
        return ServiceApi(self.client(service, where), actions, self.scope.at(region), service,
                          shared=shared, siblings=siblings)


def local_endpoint_fix(client: Any) -> Any:
    """s3control puts the account ID in front of the endpoint's host (``ACCOUNT.s3-control...``);
    an emulator at an IP address or ``localhost`` (``AWS_ENDPOINT_URL``) has no such name, so the
    prefix is taken off again before the request is signed."""
    if client.meta.service_model.service_name != "s3control":
        return client
    host = urlsplit(client.meta.endpoint_url).hostname or ""
    if host != "localhost" and not host.replace(".", "").isdigit() and ":" not in host:
        return client

    def strip(request: Any, **_: Any) -> None:
        scheme, netloc, path, query, fragment = urlsplit(request.url)
        prefix, _, rest = netloc.partition(".")
        if prefix.isdigit() and rest.startswith(host):
            request.url = urlunsplit((scheme, rest, path, query, fragment))

    client.meta.events.register("before-sign.s3-control", strip)
    return client


class CredentialsError(PolicycheckError):
    """No usable credentials: nothing can be read, so the run stops (exit 2)."""


def base_session(options: AwsOptions) -> boto3.session.Session:
    try:
        session = boto3.session.Session(profile_name=options.profile)
    except ProfileNotFound:
        raise CredentialsError(f"AWS profile {options.profile!r} is not in the AWS config files") from None
    for event, handler in options.event_hooks:
        session.events.register(event, handler)
    return session


def identify(session: boto3.session.Session, config: Config) -> Scope:
    region = session.region_name or DEFAULT_REGION
    sts = ServiceApi(session.client("sts", region_name=region, config=config), ACTIONS,
                     Scope("", region), "sts")
    arn = str(sts.call("GetCallerIdentity")["Arn"])
    account = arn.split(":")[4]
    return Scope(account, region, arn.split(":")[1])


def assume(base: boto3.session.Session, role_arn: str, options: AwsOptions, config: Config) -> boto3.session.Session:
    """A session of ``role_arn`` whose credentials renew themselves before they expire (an audit
    of many regions can outlast the hour an assumed role lasts)."""
    region = base.region_name or DEFAULT_REGION
    sts = ServiceApi(base.client("sts", region_name=region, config=config), ACTIONS,
                     Scope(role_account(role_arn), region), "sts")
    params: dict[str, Any] = {"RoleArn": role_arn, "RoleSessionName": SESSION_NAME}
    if options.external_id:
        params["ExternalId"] = options.external_id

    def fetch() -> dict[str, str]:
        credentials = sts.call("AssumeRole", **params)["Credentials"]
        return {"access_key": credentials["AccessKeyId"], "secret_key": credentials["SecretAccessKey"],
                "token": credentials["SessionToken"], "expiry_time": str(credentials["Expiration"])}

    core = get_session()
    core._credentials = RefreshableCredentials.create_from_metadata(  # botocore's documented hook
        metadata=fetch(), refresh_using=fetch, method="sts-assume-role")
    core.set_config_variable("region", region)
    session = boto3.session.Session(botocore_session=core)
    for event, handler in options.event_hooks:
        session.events.register(event, handler)
    return session


def role_account(role_arn: str) -> str:
    match = ROLE_ARN.match(role_arn)
    return match.group(1) if match else ""


def open_accounts(options: AwsOptions) -> tuple[list[Account], list[tuple[str, NotAssessedError]]]:
    """One :class:`Account` per role (``--role-arn``, ``--accounts``), else the caller's own;
    and the roles that could not be assumed, with why."""
    config = client_config(options)
    base = base_session(options)
    roles = [*((options.role_arn,) if options.role_arn else ()), *options.accounts]
    opened: list[Account] = []
    failed: list[tuple[str, NotAssessedError]] = []
    if not roles:
        try:
            return [Account(base, identify(base, config), config)], failed
        except NotAssessedError as error:
            raise CredentialsError(f"cannot identify the AWS caller (sts:GetCallerIdentity): {error.reason}; "
                                   "configure credentials (environment, --profile, SSO, instance role)") from None
    for role in dict.fromkeys(roles):
        try:
            session = assume(base, role, options, config)
            account = Account(session, identify(session, config), config)
        except NotAssessedError as error:
            failed.append((role, error))
            continue
        if all(a.account != account.account for a in opened):  # two roles into one account
            opened.append(account)
    return opened, failed


def enabled_regions(account: Account) -> list[str]:
    """The regions enabled for the account (ec2 DescribeRegions lists only those by default)."""
    ec2 = account.api("ec2", ACTIONS, account.scope.region)
    return sorted(str(r["RegionName"]) for r in ec2.call("DescribeRegions").get("Regions", []))
