"""Live accounts in a graph: resources located ``aws://ACCOUNT/REGION`` belong to ``ACCOUNT``.

For account-wide verdicts about something *absent* ("no trail records this account"), which
only data read from a live account can give: a Terraform root without a trail says nothing.
"""

from __future__ import annotations

from policycheck.model import Resource, ResourceGraph, live_location, live_scope


def account_of(resource: Resource) -> str | None:
    """The account of a live resource; None for a resource read from files."""
    scope = live_scope(resource.location.file)
    return scope[0] if scope else None


def live_accounts(graph: ResourceGraph, source: str) -> dict[str, Resource]:
    """The accounts whose resources of ``source`` are in ``graph``, each with one of them."""
    found: dict[str, Resource] = {}
    for resource in graph:
        account = account_of(resource) if resource.source == source else None
        if account is not None:
            found.setdefault(account, resource)
    return dict(sorted(found.items()))


def account_subject(like: Resource, account: str, kind: str, address: str) -> Resource:
    """A resource standing for an account-wide absence (``arn:aws:cloudtrail::ACCOUNT:trail/*``),
    located at the account (no region) so findings name it and its NOT ASSESSED gaps withhold it."""
    return Resource(kind=kind, address=address, source=like.source, attributes={},
                    location=live_location(like.source, account), root=like.root)


def partition_of(resource: Resource) -> str:
    """The ARN partition of a live resource's address (``aws``, ``aws-cn``, ``aws-us-gov``)."""
    parts = resource.address.split(":")
    return parts[1] if len(parts) > 2 and parts[0] == "arn" else "aws"
