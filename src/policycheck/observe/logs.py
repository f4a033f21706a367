"""Logging for unattended runs: ``--log-format text|json`` and ``--log-level`` on stderr.

Modules log through ``logging.getLogger("policycheck....")`` with context in ``extra``
(``account``, ``region``, ``service``, ``namespace``, ``kind``, ``file``); the JSON formatter writes
one event per line with those fields. Every message passes :func:`scrub` first, so a credential
that slips into an exception text never reaches the log.
"""

from __future__ import annotations

import json
import logging
import re
import sys
import time
from typing import Any

LOGGER = "policycheck"
CONTEXT_FIELDS = ("event", "account", "region", "service", "namespace", "kind", "file", "call",
                  "count", "seconds")
LEVELS = ("debug", "info", "warning", "error")
_SECRET_AFTER_KEY = re.compile(r"(?i)((?:secret|password|token|passwd)[\w-]*\s*[=:]\s*)([^\s,;\"']{5,})")


def scrub(text: str) -> str:
    """``text`` with credentials (the formats PC-SEC-001 knows, URL passwords, values after a
    secret-looking key) cut to their first four characters."""
    from policycheck.helpers.secrets import CREDENTIAL_FORMATS, mask_url_passwords, redact

    text = mask_url_passwords(text)
    text = _SECRET_AFTER_KEY.sub(lambda m: m[1] + redact(m[2]), text)
    for _, pattern in CREDENTIAL_FORMATS:
        text = pattern.sub(lambda m: redact(m[0]), text)
    return text


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message and the context fields."""

    def format(self, record: logging.LogRecord) -> str:
        event: dict[str, Any] = {
            "time": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created))
            + f".{int(record.msecs):03d}Z",
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": scrub(record.getMessage()),
        }
        for name in CONTEXT_FIELDS:
            value = record.__dict__.get(name)
            if value is not None:
                event[name] = scrub(value) if isinstance(value, str) else value
        if record.exc_info:
            event["error"] = scrub(self.formatException(record.exc_info).splitlines()[-1])
        return json.dumps(event)  # ASCII: no control or bidi character reaches the log raw


class TextFormatter(logging.Formatter):
    """``level: message (account=… region=…)`` for a person reading stderr."""

    def format(self, record: logging.LogRecord) -> str:
        context = " ".join(f"{name}={record.__dict__[name]}" for name in CONTEXT_FIELDS
                           if record.__dict__.get(name) is not None and name != "event")
        line = f"{record.levelname.lower()}: {record.getMessage()}"
        from policycheck.reporters.printable import printable

        return printable(scrub(f"{line} ({context})" if context else line), newlines=False)


def configure(log_format: str = "text", level: str = "warning") -> logging.Logger:
    """Send the ``policycheck`` loggers to stderr in ``log_format`` from ``level`` up."""
    logger = logging.getLogger(LOGGER)
    for handler in list(logger.handlers):
        logger.removeHandler(handler)
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter() if log_format == "json" else TextFormatter())
    logger.addHandler(handler)
    logger.setLevel(level.upper())
    logger.propagate = False
    return logger
