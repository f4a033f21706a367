"""``ServiceApi``: the only way a service module talks to AWS.

Every call is looked up in the module's ``ACTIONS`` (an undeclared operation raises
:class:`UndeclaredOperationError`), list calls go through botocore paginators, responses are made
JSON-serialisable (datetimes as ISO strings) and failures that leave the service unread (access
denied, region not enabled, throttled after the retries, an API the endpoint lacks) become a
:class:`NotAssessedError`, which the collector runner turns into one NOT ASSESSED entry.
"""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, TypeVar

from botocore.exceptions import BotoCoreError, ClientError

from policycheck.live.aws.errors import NotAssessedError, UndeclaredOperationError
from policycheck.live.aws.scope import Scope

__all__ = ["NotAssessedError", "Scope", "ServiceApi", "Shared", "UndeclaredOperationError", "jsonable"]
T = TypeVar("T")
R = TypeVar("R")


def jsonable(value: Any) -> Any:
    """``value`` with datetimes as ISO strings, bytes as base64 and no ``ResponseMetadata``."""
    if isinstance(value, Mapping):
        return {str(k): jsonable(v) for k, v in value.items() if k != "ResponseMetadata"}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, bytes):
        return base64.b64encode(value).decode("ascii")
    if hasattr(value, "read"):  # a streaming body (e.g. a policy document)
        return value.read().decode("utf-8", "replace")
    return value


def snake(operation: str) -> str:
    from botocore import xform_name

    return str(xform_name(operation))


@dataclass(frozen=True)
class Shared:
    """What every :class:`ServiceApi` of one run shares: the client factory (client name,
    region), the bound on API calls in flight (``--max-workers``) and how many items of one
    list :meth:`ServiceApi.map` reads at once."""

    clients: Callable[[str, str], Any] | None = None
    in_flight: threading.BoundedSemaphore | None = None
    fanout: int = 1

    @contextlib.contextmanager
    def slot(self) -> Iterator[None]:
        if self.in_flight is None:
            yield
            return
        with self.in_flight:
            yield


@contextlib.contextmanager
def classified(operation: str, permission: str) -> Iterator[None]:
    """botocore's exceptions as :class:`NotAssessedError` naming the call and its action."""
    try:
        yield
    except ClientError as error:
        raise from_client_error(operation, permission, error) from None
    except BotoCoreError as error:
        raise NotAssessedError(operation, permission, type(error).__name__, str(error)) from None


def from_client_error(operation: str, permission: str, error: ClientError) -> NotAssessedError:
    info = error.response.get("Error", {})
    code = str(info.get("Code") or "ClientError")
    status = error.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
    if code.isdigit() or code == "ClientError":
        code = {403: "AccessDenied", 404: "NotFound", 501: "NotImplemented"}.get(int(status or 0), code)
    return NotAssessedError(operation, permission, code, str(info.get("Message") or ""))


class ServiceApi:
    """One service's boto3 client in one (account, region), restricted to its ``ACTIONS``."""

    def __init__(self, client: Any, actions: Mapping[str, str], scope: Scope, service: str, *,
                 shared: Shared | None = None, siblings: Mapping[str, Mapping[str, str]] | None = None,
                 client_name: str | None = None) -> None:
        self.client = client
        self.client_name = client_name or service
        self.actions = actions
        self.scope = scope
        self.service = service
        self.shared = shared or Shared()
        self.siblings = siblings or {}

    @property
    def account(self) -> str:
        return self.scope.account

    @property
    def region(self) -> str:
        return self.scope.region

    def _other(self, client_name: str, actions: Mapping[str, str], region: str) -> ServiceApi:
        if self.shared.clients is None:
            raise UndeclaredOperationError(f"{self.service}: no client factory for {client_name} in {region}")
        return ServiceApi(self.shared.clients(client_name, region), actions, self.scope.at(region), self.service,
                          shared=self.shared, siblings=self.siblings, client_name=client_name)

    def sibling(self, client_name: str) -> ServiceApi:
        """The same scope through another client the module declares in ``CLIENT_ACTIONS``
        (s3 reads the account-level public access block through ``s3control``)."""
        if client_name not in self.siblings:
            raise UndeclaredOperationError(
                f"{self.service} uses client {client_name}, which its CLIENT_ACTIONS do not declare")
        return self._other(client_name, self.siblings[client_name], self.scope.region)

    def in_region(self, region: str) -> ServiceApi:
        """The same service in another region of the account (a global module that reads
        regional data, e.g. each CloudTrail trail from its home region)."""
        return self._other(self.client_name, self.actions, region)

    def permission(self, operation: str) -> str:
        try:
            return self.actions[operation]
        except KeyError:
            raise UndeclaredOperationError(
                f"{self.service} calls {operation}, which its ACTIONS do not declare") from None

    def call(self, operation: str, **params: Any) -> dict[str, Any]:
        """One API call; the response without ``ResponseMetadata``."""
        permission = self.permission(operation)
        with classified(operation, permission), self.shared.slot():
            response = getattr(self.client, snake(operation))(**params)
        result: dict[str, Any] = jsonable(response)
        return result

    def paginate(self, operation: str, result_key: str, **params: Any) -> list[dict[str, Any]]:
        """Every item of ``result_key`` over all pages (botocore's paginator; an operation that
        botocore does not paginate is called once)."""
        permission = self.permission(operation)
        name = snake(operation)
        if not self.client.can_paginate(name):
            return list(self.call(operation, **params).get(result_key) or [])
        items: list[dict[str, Any]] = []
        with classified(operation, permission):
            pages = iter(self.client.get_paginator(name).paginate(**params))
            while True:
                with self.shared.slot():
                    page = next(pages, None)
                if page is None:
                    return items
                items.extend(jsonable(page.get(result_key) or []))

    def optional(self, operation: str, absent: Sequence[str] = (), **params: Any) -> dict[str, Any] | None:
        """A call whose "not configured" error codes (``absent``, e.g.
        ``ServerSideEncryptionConfigurationNotFoundError``) mean None rather than a failure."""
        try:
            return self.call(operation, **params)
        except NotAssessedError as error:
            if error.code in absent:
                return None
            raise

    def map(self, read: Callable[[T], R], items: Iterable[T]) -> list[R]:
        """``read`` applied to each item, in order, several at once (the per-item calls that no
        batch API replaces: a key's rotation, a bucket's settings). Calls in flight stay bounded
        by ``--max-workers``; the first failure is raised."""
        listed = list(items)
        if self.shared.fanout <= 1 or len(listed) <= 1:
            return [read(item) for item in listed]
        with ThreadPoolExecutor(max_workers=min(self.shared.fanout, len(listed))) as pool:
            return list(pool.map(read, listed))
