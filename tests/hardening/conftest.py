"""Hypothesis profiles: ``ci`` (the default: 200 examples per loader, derandomized, so every run
tries the same inputs) and ``long`` (10,000). Choose with ``HYPOTHESIS_PROFILE=long``."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

_COMMON = {
    "deadline": None,  # a per-example time bound is asserted by the tests themselves
    "database": None,
    "derandomize": True,
    "suppress_health_check": [HealthCheck.too_slow, HealthCheck.data_too_large,
                              HealthCheck.function_scoped_fixture, HealthCheck.large_base_example],
}
settings.register_profile("ci", max_examples=200, **_COMMON)  # type: ignore[arg-type]
settings.register_profile("long", max_examples=10_000, **_COMMON)  # type: ignore[arg-type]
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
