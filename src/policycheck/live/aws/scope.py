"""Where a live AWS resource is: account, region and partition, and the ARNs built from them.

No boto3 here: normalisers (and snapshot loading) use this module offline.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from policycheck.model import Location, Resource, live_location

SOURCE = "aws"


@dataclass(frozen=True, slots=True)
class Scope:
    """One (account, region) of a collection; ``region`` is ``""`` for truly global data."""

    account: str
    region: str
    partition: str = "aws"

    @property
    def root(self) -> str:
        """The graph root of the account: every region's resources see account-level settings."""
        return f"aws://{self.account}"

    @property
    def location(self) -> Location:
        return live_location(SOURCE, self.account, self.region)

    def arn(self, service: str, resource: str, *, region: str | None = None,
            account: str | None = None) -> str:
        """``arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE`` (``region``/``account`` override,
        e.g. ``""`` for S3 bucket ARNs)."""
        where = self.region if region is None else region
        owner = self.account if account is None else account
        return f"arn:{self.partition}:{service}:{where}:{owner}:{resource}"

    def synthetic_arn(self, service: str, kind: str, identifier: str) -> str:
        """An address for a type that has no ARN of its own (documented per type):
        ``arn:PARTITION:SERVICE:REGION:ACCOUNT:KIND/ID``."""
        return self.arn(service, f"{kind}/{identifier}")

    def resource(self, kind: str, address: str, attributes: Mapping[str, Any],
                 references: Iterable[str] = ()) -> Resource:
        """A live resource of this scope (source ``aws``, location ``aws://ACCOUNT/REGION``)."""
        return Resource(kind=kind, address=address, source=SOURCE, attributes=dict(attributes),
                        location=self.location, references=frozenset(references), root=self.root)

    def at(self, region: str) -> Scope:
        return Scope(self.account, region, self.partition)
