"""GitHub Actions workflow commands: one annotation per unsuppressed FAIL or UNKNOWN finding."""

from __future__ import annotations

from policycheck.engine.report import ScanReport
from policycheck.model import Verdict
from policycheck.reporters._common import Options, drift_line, level, outcome, summary_line

COMMAND = {"error": "error", "warning": "warning", "note": "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(name: str, message: str, *, file: str = "", line: int = 0, end_line: int = 0,
            title: str = "") -> str:
    """``::name file=F,line=L,endLine=E,title=T::message``, omitting empty properties."""
    properties: list[tuple[str, str]] = []
    if file:
        properties.append(("file", file))
    if line >= 1:
        properties += [("line", str(line)), ("endLine", str(max(line, end_line)))]
    if title:
        properties.append(("title", title))
    rendered = ",".join(f"{key}={escape_property(value)}" for key, value in properties)
    return f"::{name}{' ' + rendered if rendered else ''}::{escape_data(message)}"


def render(report: ScanReport, options: Options) -> str:
    """Passes and suppressed findings are never annotated (``show_passed`` does not apply)."""
    lines: list[str] = []
    for f in report.findings:
        if f.verdict is Verdict.PASS or f.suppressed:
            continue
        message = f"{f.resource}: {f.message}"
        if f.remediation:
            message += f"\nRemediation: {f.remediation}"
        lines.append(command(COMMAND[level(report, f)], message, file=f.location.file,
                             line=f.location.line, end_line=f.location.end_line,
                             title=f"{f.policy_id} {f.title}"))
    lines += [command("error", e.message, file=e.file, line=e.line, end_line=e.line,
                      title="policycheck scan error") for e in report.errors]
    lines += [command("error", gap.describe(), title="policycheck not assessed")
              for gap in report.not_assessed]
    lines += [command("warning", w, title="policycheck") for w in report.warnings]
    if report.drift is not None:
        lines.append(command("notice", drift_line(report), title="policycheck drift"))
    status, detail = outcome(report)
    lines.append(f"policycheck {report.version}: {summary_line(report)}. {status}: {detail}")
    return "\n".join(lines) + "\n"
