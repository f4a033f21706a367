"""Where input variables got their values: the steps a finding's ``trace`` names.

The evaluator notes every input variable an expression reads (directly, or through locals,
outputs and the caller's expressions for a module input: see ``Session.memo``). A variable set
from outside its module, by a module call argument, a ``.tfvars`` file or ``TF_VAR_*``, has an
:class:`~policycheck.model.TraceStep` in :attr:`Provenance.steps`; an attribute's trace is the
steps of the variables it read, the innermost module's first. Defaults are not steps: they are
written in the module itself. An attribute whose expression calls a function
(``jsonencode(...)``) is not traced: the many values it mixes rarely decide a verdict.

Values are shown briefly; a string of a variable whose name looks secret shows at most four
characters.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from policycheck.loaders.hcl.expressions import expression_text, is_template
from policycheck.model import TraceStep

_SECRET_NAME = re.compile(r"pass|secret|token|credential|private|key", re.I)
_LONGEST = 60


def shown(name: str, raw: Any, value: Any) -> str:
    """A short rendering of ``value`` (``raw``: its expression, shown when the value is not a
    plain scalar)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)) or value is None:
        return json.dumps(value)
    if isinstance(value, str):
        if _SECRET_NAME.search(name) and len(value) > 4:
            return _quoted(value[:4] + "…")
        return _quoted(value if len(value) <= _LONGEST else value[:_LONGEST - 1] + "…")
    if isinstance(raw, str) and is_template(raw):
        text = str(expression_text(raw))
        return text if len(text) <= _LONGEST else text[:_LONGEST - 1] + "…"
    return "(a value)" if not isinstance(value, (list, dict)) else f"({len(value)} items)"


def _quoted(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _depth(address: str) -> int:
    return address.count("module.")


@dataclass(slots=True)
class Provenance:
    """Variable address (``module.db.var.encrypted``) -> where its value was set."""

    steps: dict[str, TraceStep] = field(default_factory=dict)

    def set(self, address: str, step: TraceStep | None) -> None:
        if step is not None:
            self.steps[address] = step

    def trace(self, variables: Iterable[str]) -> tuple[TraceStep, ...]:
        """The steps of ``variables``, innermost module first."""
        ordered = sorted(variables, key=lambda a: (-_depth(a), a))
        return tuple(dict.fromkeys(self.steps[a] for a in ordered if a in self.steps))

    def traces(self, by_path: Mapping[str, Iterable[str]]) -> dict[str, tuple[TraceStep, ...]]:
        """Attribute path -> trace, for the paths whose variables were set from outside."""
        if not self.steps or not by_path:
            return {}
        found = {path: self.trace(variables) for path, variables in by_path.items()}
        return {path: steps for path, steps in found.items() if steps}
