"""Why an AWS call could not be answered, classified for NOT ASSESSED entries."""

from __future__ import annotations

ACCESS_DENIED = frozenset({
    "AccessDenied", "AccessDeniedException", "UnauthorizedOperation", "AuthorizationError",
    "UnauthorizedAccess", "Forbidden", "AccessDeniedFault", "InsufficientPrivilegesException",
})
REGION_NOT_ENABLED = frozenset({
    "OptInRequired", "AuthFailure", "InvalidClientTokenId", "UnrecognizedClientException",
    "SubscriptionRequiredException",
})
THROTTLED = frozenset({
    "Throttling", "ThrottlingException", "ThrottledException", "RequestLimitExceeded",
    "TooManyRequestsException", "RequestThrottled", "RequestThrottledException",
    "SlowDown", "ProvisionedThroughputExceededException", "LimitExceededException",
})
UNSUPPORTED = frozenset({
    "UnknownOperationException", "UnknownOperation", "InvalidAction", "NotImplemented",
    "UnsupportedOperation", "UnsupportedOperationException", "InvalidRequestException.NotSupported",
})


def category(code: str) -> str:
    """A short label for an error code: what a reader of a NOT ASSESSED entry must fix."""
    if code in ACCESS_DENIED:
        return "access denied"
    if code in REGION_NOT_ENABLED:
        return "region not enabled or credentials not valid there"
    if code in THROTTLED:
        return "throttled after retries"
    if code in UNSUPPORTED:
        return "API not available at this endpoint"
    return "call failed"


class UndeclaredOperationError(RuntimeError):
    """A collector called an operation missing from its ``ACTIONS``: a bug, never tolerated."""


class NotAssessedError(Exception):
    """An AWS call failed in a way that leaves its service (in its region) not assessed."""

    def __init__(self, operation: str, permission: str, code: str, message: str) -> None:
        self.operation = operation
        self.permission = permission
        self.code = code
        self.message = message
        super().__init__(self.reason)

    @property
    def reason(self) -> str:
        from policycheck.live.aws.redact import redact_text

        text = redact_text(" ".join(self.message.split())[:300])
        return f"{self.code}: {text} ({category(self.code)})" if text else \
            f"{self.code} ({category(self.code)})"
