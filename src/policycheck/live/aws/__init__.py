"""Live AWS: collect accounts x regions x services read-only and normalise them into the
Terraform attribute shape, so the ``aws`` source runs the same policies as ``tf``/``plan``.

Public entry points (the drift branch uses only these): :class:`AwsOptions`, :func:`collect`,
:func:`save_snapshot`, :func:`load_snapshot`, :data:`ALL_SERVICES` and :func:`iam_policy`.
Importing this package does not import boto3 (a snapshot is judged without it).
"""

from __future__ import annotations

from collections.abc import Iterable
from importlib import import_module
from pathlib import Path
from types import ModuleType
from typing import Any

from policycheck.engine.live import LiveCollection
from policycheck.engine.policy import Policy
from policycheck.live.aws import module as _module
from policycheck.live.aws.options import AwsOptions, read_accounts
from policycheck.live.aws.raw import RawCollection, to_collection
from policycheck.live.aws.scope import SOURCE, Scope
from policycheck.live.aws.snapshot import read_snapshot, save_snapshot

SERVICE_MODULES = (
    "backup",
    "cloudtrail",
    "ec2",
    "kms",
    "logs",
    "rds",
    "s3",
    "elbv2",
    "acm",
    "wafv2",
    "apigateway",
    "apigatewayv2",
    "cloudfront",
    "iam",
    "secretsmanager",
    "efs",
    "elasticache",
    "redshift",
    "opensearch",
    "dynamodb",
    "sqs",
    "sns",
    "eks",
    "ecs",
)
"""The modules of ``policycheck.live.aws.services``, one a line (branch aws-more adds its own)."""
ALL_SERVICES: tuple[ModuleType, ...] = tuple(
    import_module(f"policycheck.live.aws.services.{name}") for name in SERVICE_MODULES)
"""Every service module, in collection order."""

FRAMEWORK_ACTIONS = _module.FRAMEWORK_ACTIONS

__all__ = ["ALL_SERVICES", "AwsOptions", "RawCollection", "Scope", "collect", "gather", "iam_policy",
           "load_snapshot", "read_accounts", "read_snapshot", "save_snapshot", "to_collection",
           "unjudgeable", "unread_kinds"]


def gather(options: AwsOptions) -> RawCollection:
    """The raw data of every selected service (what a snapshot stores)."""
    from policycheck.live.aws.runner import gather as run

    return run(options, _module.select(ALL_SERVICES, options.services))


def unread_kinds(raw: RawCollection) -> frozenset[str]:
    """The kinds only services that ``raw`` did not read produce (``--services`` left them out).
    A policy that ``reads=`` one of them cannot be judged: its verdict would rest on an absence
    that was never looked for (PC-AWS-092 "no trail" when CloudTrail was not read)."""
    read = set(raw.services) if raw.services is not None else \
        {r.service for account in raw.accounts for r in account.reads}
    produced = {kind for module in ALL_SERVICES if module.SERVICE in read for kind in module.KINDS}
    return frozenset(kind for module in ALL_SERVICES if module.SERVICE not in read
                     for kind in module.KINDS if kind not in produced)


def unjudgeable(policies: Iterable[Policy], raw: RawCollection) -> list[str]:
    """The IDs of the ``aws`` policies that read kinds ``raw`` did not read (see
    :func:`unread_kinds`): a live run skips them rather than judge them on an absence."""
    unread = unread_kinds(raw)
    return sorted(p.id for p in policies if SOURCE in p.sources and unread.intersection(p.reads))


def collect(options: AwsOptions) -> LiveCollection:
    """Read the accounts, regions and services ``options`` name and normalise them; also write
    the snapshot when ``options.snapshot`` is set."""
    raw = gather(options)
    if options.snapshot is not None:
        save_snapshot(options.snapshot, raw)
    return to_collection(raw, ALL_SERVICES)


def load_snapshot(path: Path) -> LiveCollection:
    """A snapshot judged offline: no credentials, no network, no boto3."""
    return to_collection(read_snapshot(path), ALL_SERVICES)


def iam_policy() -> dict[str, Any]:
    """The minimal IAM policy for auditing with every service module."""
    return _module.iam_policy(ALL_SERVICES, FRAMEWORK_ACTIONS)
