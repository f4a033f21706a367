"""``ServiceApi``: the only way a service module talks to AWS.

Every call is looked up in the module's ``ACTIONS`` (an undeclared operation raises
:class:`UndeclaredOperationError`), list calls go through botocore paginators, responses are made
JSON-serialisable (datetimes as ISO strings) and failures that leave the service unread (access
denied, region not enabled, throttled after the retries, an API the endpoint lacks) become a
:class:`NotAssessedError`, which the collector runner turns into one NOT ASSESSED entry.
"""

from __future__ import annotations

import base64
import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from botocore.exceptions import BotoCoreError, ClientError, EndpointConnectionError

from policycheck.live.aws.errors import NotAssessedError, UndeclaredOperationError
from policycheck.live.aws.scope import Scope

__all__ = ["NotAssessedError", "Scope", "ServiceApi", "UndeclaredOperationError", "jsonable"]


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


class ServiceApi:
    """One service's boto3 client in one (account, region), restricted to its ``ACTIONS``."""

    def __init__(self, client: Any, actions: Mapping[str, str], scope: Scope, service: str, *,
                 clients: Callable[[str, str], Any] | None = None,
                 sibling_actions: Mapping[str, Mapping[str, str]] | None = None,
                 client_name: str | None = None) -> None:
        self.client = client
        self.client_name = client_name or service
        self.actions = actions
        self.scope = scope
        self.service = service
        self._clients = clients
        self._sibling_actions = sibling_actions or {}

    def sibling(self, client_name: str) -> ServiceApi:
        """The same scope through another client the module declares in ``CLIENT_ACTIONS``
        (s3 reads the account-level public access block through ``s3control``)."""
        if client_name not in self._sibling_actions or self._clients is None:
            raise UndeclaredOperationError(
                f"{self.service} uses client {client_name}, which its CLIENT_ACTIONS do not declare")
        return ServiceApi(self._clients(client_name, self.scope.region), self._sibling_actions[client_name],
                          self.scope, self.service, clients=self._clients, client_name=client_name)

    def in_region(self, region: str) -> ServiceApi:
        """The same service in another region of the account (a global module that reads
        regional data, e.g. each CloudTrail trail from its home region)."""
        if self._clients is None:
            raise UndeclaredOperationError(f"{self.service} cannot change region here")
        return ServiceApi(self._clients(self.client_name, region), self.actions, self.scope.at(region),
                          self.service, clients=self._clients, sibling_actions=self._sibling_actions,
                          client_name=self.client_name)

    @property
    def account(self) -> str:
        return self.scope.account

    @property
    def region(self) -> str:
        return self.scope.region

    def permission(self, operation: str) -> str:
        try:
            return self.actions[operation]
        except KeyError:
            raise UndeclaredOperationError(
                f"{self.service} calls {operation}, which its ACTIONS do not declare") from None

    def call(self, operation: str, **params: Any) -> dict[str, Any]:
        """One API call; the response without ``ResponseMetadata``."""
        permission = self.permission(operation)
        try:
            response = getattr(self.client, snake(operation))(**params)
        except ClientError as error:
            raise self._not_assessed(operation, permission, error) from None
        except EndpointConnectionError as error:
            raise NotAssessedError(operation, permission, "EndpointConnectionError", str(error)) from None
        except BotoCoreError as error:
            raise NotAssessedError(operation, permission, type(error).__name__, str(error)) from None
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
        try:
            for page in self.client.get_paginator(name).paginate(**params):
                items.extend(jsonable(page.get(result_key) or []))
        except ClientError as error:
            raise self._not_assessed(operation, permission, error) from None
        except BotoCoreError as error:
            raise NotAssessedError(operation, permission, type(error).__name__, str(error)) from None
        return items

    def optional(self, operation: str, absent: Sequence[str] = (), **params: Any) -> dict[str, Any] | None:
        """A call whose "not configured" error codes (``absent``, e.g.
        ``ServerSideEncryptionConfigurationNotFoundError``) mean None rather than a failure."""
        try:
            return self.call(operation, **params)
        except NotAssessedError as error:
            if error.code in absent:
                return None
            raise

    def _not_assessed(self, operation: str, permission: str, error: ClientError) -> NotAssessedError:
        info = error.response.get("Error", {})
        code = str(info.get("Code") or "ClientError")
        status = error.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
        if code.isdigit() or code == "ClientError":
            code = {403: "AccessDenied", 404: "NotFound", 501: "NotImplemented"}.get(
                int(status or 0), code)
        return NotAssessedError(operation, permission, code, str(info.get("Message") or ""))
