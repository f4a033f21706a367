"""What an AWS collection read, before normalisation: the snapshot payload (no boto3 here).

``RawCollection`` → :func:`to_collection` runs each service module's pure ``normalise`` over its
raw data, so a live run and a snapshot judged offline produce the same resources.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from types import ModuleType
from typing import Any

from policycheck.engine.live import LiveCollection
from policycheck.live.aws.scope import SOURCE, Scope
from policycheck.model import NotAssessed, Resource, ScanError, live_location


@dataclass(slots=True)
class ServiceRead:
    """One service in one region (``""`` for a global service) of one account."""

    service: str
    region: str
    data: dict[str, Any] | None = None
    not_assessed: NotAssessed | None = None


@dataclass(slots=True)
class AccountRead:
    account: str
    partition: str = "aws"
    regions: list[str] = field(default_factory=list)
    reads: list[ServiceRead] = field(default_factory=list)
    account_level: bool = True
    """Whether this collection holds the account's own entry (a shard that reads only some
    of its regions leaves it to the shard that owns the account)."""


@dataclass(slots=True)
class RawCollection:
    accounts: list[AccountRead] = field(default_factory=list)
    not_assessed: list[NotAssessed] = field(default_factory=list)
    """Gaps outside any one service: a role that could not be assumed, regions not listable."""
    services: list[str] | None = None
    """The services selected for reading (None: those in ``reads``, for older snapshots); a
    shard that owns no account reads no global service, yet selected them."""
    api_calls: dict[str, int] = field(default_factory=dict)
    """API calls made, by service (a live read only; not stored in snapshots)."""
    api_throttles: dict[str, int] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {"accounts": [{
            "account": a.account, "partition": a.partition, "regions": a.regions,
            **({} if a.account_level else {"account_level": False}),
            "services": [{"service": r.service, "region": r.region, "data": r.data,
                          "not_assessed": asdict(r.not_assessed) if r.not_assessed else None}
                         for r in a.reads]} for a in self.accounts],
            "not_assessed": [asdict(n) for n in self.not_assessed],
            **({} if self.services is None else {"selected_services": self.services})}

    @classmethod
    def from_json(cls, payload: dict[str, Any]) -> RawCollection:
        accounts = [AccountRead(
            account=str(a["account"]), partition=str(a.get("partition", "aws")),
            regions=[str(r) for r in a.get("regions", [])],
            reads=[ServiceRead(str(r["service"]), str(r["region"]), r.get("data"),
                               gap(r["not_assessed"]) if r.get("not_assessed") else None)
                   for r in a.get("services", [])],
            account_level=a.get("account_level", True) is not False) for a in payload.get("accounts", [])]
        selected = payload.get("selected_services")
        return cls(accounts, [gap(n) for n in payload.get("not_assessed", [])],
                   [str(s) for s in selected] if isinstance(selected, list) else None)


def gap(data: dict[str, Any]) -> NotAssessed:
    return NotAssessed(**{**data, "kinds": tuple(data.get("kinds", ()))})


ACCOUNT_KIND = "aws_caller_identity"


def account_resource(account: AccountRead) -> Resource:
    """The account itself (the Terraform data source ``aws_caller_identity``, address
    ``arn:PARTITION:iam::ACCOUNT:root``), one per account read: account-wide verdicts about an
    absence (PC-AWS-092 "no trail") need the account in the graph even when it holds nothing
    else. Not a managed resource: drift ignores it."""
    scope = Scope(account.account, "", account.partition)
    return scope.resource(ACCOUNT_KIND, f"arn:{account.partition}:iam::{account.account}:root",
                          {"id": account.account, "account_id": account.account})


def to_collection(raw: RawCollection, table: Sequence[ModuleType]) -> LiveCollection:
    """Normalise every read with its service module (pure; no AWS call)."""
    modules = {module.SERVICE: module for module in table}
    collection = LiveCollection(SOURCE, not_assessed=list(raw.not_assessed), api_calls=dict(raw.api_calls),
                                api_throttles=dict(raw.api_throttles))
    for account in raw.accounts:
        collection.scopes += len(account.regions)
        if account.account_level:
            collection.resources.append(account_resource(account))
        for read in account.reads:
            if read.not_assessed is not None:
                collection.not_assessed.append(read.not_assessed)
                continue
            module = modules.get(read.service)
            scope = Scope(account.account, read.region, account.partition)
            if module is None:
                collection.errors.append(ScanError(scope.location.file, 0,
                                                   f"unknown AWS service {read.service!r} in the collection"))
                continue
            try:
                collection.resources.extend(module.normalise(read.data or {}, scope))
            except Exception as error:  # a normaliser bug must not turn into a clean scan
                where = live_location(SOURCE, account.account, read.region).file
                collection.errors.append(ScanError(where, 0, f"cannot normalise {read.service} data: "
                                                   f"{type(error).__name__}: {error}"))
    return collection
