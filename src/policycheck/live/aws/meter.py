"""API calls and throttled retries of one AWS collection, counted by botocore event hooks.

The hooks go on every session (``AwsOptions.event_hooks``), so every client made from it is
counted, STS included: ``before-call`` once per API call (retries are not calls), ``needs-retry``
once per response that is a throttling error (each such response is retried or, after the last
attempt, becomes a NOT ASSESSED entry).
"""

from __future__ import annotations

import threading
from collections import Counter
from typing import Any

from policycheck.live.aws.errors import THROTTLED
from policycheck.live.aws.options import EventHook


class ApiMeter:
    """Thread-safe counts by boto3 service name (``rds``, ``s3control``, ``sts``)."""

    def __init__(self) -> None:
        self.calls: Counter[str] = Counter()
        self.throttles: Counter[str] = Counter()
        self._lock = threading.Lock()

    def hooks(self) -> tuple[EventHook, ...]:
        return (("before-call", self._called), ("needs-retry", self._retrying))

    def _called(self, model: Any = None, **_: Any) -> None:
        with self._lock:
            self.calls[service_of(model)] += 1

    def _retrying(self, response: Any = None, operation: Any = None, **_: Any) -> None:
        if throttled(response):
            with self._lock:
                self.throttles[service_of(operation)] += 1


def service_of(model: Any) -> str:
    """The service of an operation model (``before-call``'s ``model``, ``needs-retry``'s
    ``operation``)."""
    return str(getattr(getattr(model, "service_model", None), "service_name", None) or "unknown")


def throttled(response: Any) -> bool:
    """Whether a ``needs-retry`` response (``(http response, parsed)`` or None when the request
    itself failed) is a throttling error."""
    if not isinstance(response, tuple) or len(response) != 2:
        return False
    http, parsed = response
    code = parsed.get("Error", {}).get("Code") if isinstance(parsed, dict) else None
    return code in THROTTLED or getattr(http, "status_code", None) == 429
