"""``AwsOptions``: what an AWS collection reads and how (no boto3 here)."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from policycheck.errors import UsageError

if TYPE_CHECKING:
    from policycheck.engine.shard import Shard

ROLE_ARN = re.compile(r"^arn:aws[a-z-]*:iam::(\d{12}):role/[\w+=,.@/-]+$")
REGION = re.compile(r"^[a-z]{2}(-[a-z]+)+-\d+$")
RETRY_MODES = ("standard", "adaptive")
EventHook = tuple[str, Callable[..., Any]]
"""``(botocore event name, handler)`` registered on every session (benchmarks, call recording)."""


@dataclass(frozen=True, slots=True)
class AwsOptions:
    """Which accounts, regions and services to read, and the client settings."""

    profile: str | None = None
    role_arn: str | None = None
    external_id: str | None = None
    accounts: Sequence[str] = ()
    """Role ARNs to assume, one account each (``--accounts FILE``)."""
    regions: Sequence[str] = ()
    """Empty: the account's enabled regions (ec2 DescribeRegions)."""
    services: Sequence[str] = ()
    """Empty: every service in ``ALL_SERVICES``."""
    max_workers: int = 8
    retry_mode: str = "standard"
    max_attempts: int | None = None
    progress: bool = False
    """Report each account/region/service on stderr while collecting."""
    snapshot: Path | None = None
    """Also write the raw collection to this file (see :func:`save_snapshot`)."""
    event_hooks: Sequence[EventHook] = field(default_factory=tuple)
    shard: Shard | None = None
    """Read only this shard's pairs: key ``ACCOUNT/REGION`` for a region's services, key
    ``ACCOUNT`` for the global services and account-level data (see :func:`owns_account`)."""

    def owns(self, key: str) -> bool:
        return self.shard is None or self.shard.owns(key)

    def owns_account(self, account: str) -> bool:
        """Whether this run reads ``account``'s global services (IAM, CloudFront, S3,
        CloudTrail) and reports its account-level entries; exactly one shard does."""
        return self.owns(account)

    def owned_regions(self, account: str, regions: Sequence[str]) -> list[str]:
        return [region for region in regions if self.owns(f"{account}/{region}")]

    def __post_init__(self) -> None:
        if self.retry_mode not in RETRY_MODES:
            raise UsageError(f"unknown retry mode {self.retry_mode!r}; choose from {', '.join(RETRY_MODES)}")
        for region in self.regions:
            if not REGION.match(region):
                raise UsageError(f"not an AWS region name: {region!r} (for example eu-west-1)")
        for arn in (*self.accounts, *((self.role_arn,) if self.role_arn else ())):
            if not ROLE_ARN.match(arn):
                raise UsageError(f"not an IAM role ARN: {arn!r}")


def read_accounts(path: Path) -> list[str]:
    """Role ARNs from an accounts file: one a line, ``#`` starts a comment, blank lines skipped."""
    try:
        text = path.read_text("utf-8")
    except OSError as error:
        raise UsageError(f"cannot read accounts file {path}: {error.strerror}") from None
    arns = [line.split("#", 1)[0].strip() for line in text.splitlines()]
    found = [arn for arn in arns if arn]
    for number, arn in enumerate(arns, 1):
        if arn and not ROLE_ARN.match(arn):
            raise UsageError(f"{path}:{number}: not an IAM role ARN: {arn!r}")
    if not found:
        raise UsageError(f"accounts file {path} lists no role ARN")
    return found
