"""Option groups that several commands share, and their translation into typed options."""

from __future__ import annotations

import argparse
import os
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from policycheck.errors import UsageError

if TYPE_CHECKING:
    from policycheck.engine.config import Config
    from policycheck.engine.live import LiveOptions
    from policycheck.engine.registry import Registry
    from policycheck.engine.scan import ScanOptions
    from policycheck.engine.shard import Shard
    from policycheck.loaders.base import HelmOptions
    from policycheck.loaders.limits import Limits
    from policycheck.model import ScanError

SEVERITIES = ("critical", "high", "medium", "low")
LOG_LEVELS = ("debug", "info", "warning", "error")
Outputs = list[tuple[str, Path | None]]
"""``(format, file)`` pairs; ``None`` is standard output."""


def flat_list(values: Sequence[str] | None) -> list[str]:
    """Comma-separated and repeated list options, flattened."""
    return [v.strip() for value in values or () for v in value.split(",") if v.strip()]


def positive_int(text: str) -> int:
    try:
        number = int(text)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be a whole number of at least 1, not {text!r}")
    return number


def positive_number(text: str) -> float:
    try:
        number = float(text)
    except ValueError:
        number = 0
    if not number > 0:
        raise argparse.ArgumentTypeError(f"must be a number above 0, not {text!r}")
    return number


def add_output_options(parser: argparse.ArgumentParser, formats: str) -> argparse._ArgumentGroup:
    out = parser.add_argument_group("output")
    out.add_argument("-f", "--format", action="append", metavar="FORMAT",
                     help=f"output format ({formats}); repeat or comma-separate for several, each "
                     "paired with an --output in order (default: text)")
    out.add_argument("-o", "--output", action="append", type=Path, metavar="FILE",
                     help="write the matching --format to FILE instead of standard output")
    return out


def add_report_options(parser: argparse.ArgumentParser) -> None:
    """The output and gate options of the commands that write a findings report."""
    out = add_output_options(parser, "text, json, sarif, junit, github, markdown")
    out.add_argument("--show-passed", action="store_true", help="list passing checks too")
    out.add_argument("--no-color", action="store_true", help="no colours in text output")
    gate = parser.add_argument_group("gate")
    gate.add_argument("--fail-on", choices=SEVERITIES, help="lowest severity that fails the "
                      "run (default: high, or fail-on from config)")
    gate.add_argument("--unknown", choices=("pass", "fail"),
                      help="whether UNKNOWN verdicts fail the run (default: pass)")
    gate.add_argument("--no-fail-on-error", action="store_true",
                      help="do not exit 2 for files that could not be judged")
    gate.add_argument("--baseline", type=Path, metavar="FILE",
                      help="treat findings recorded in FILE as suppressed")
    gate.add_argument("--write-baseline", type=Path, metavar="FILE",
                      help="record the current findings in FILE and exit 0")
    add_observability_options(parser)


def add_shard_options(parser: argparse.ArgumentParser, what: str) -> None:
    group = parser.add_argument_group("sharding (for `policycheck merge`)")
    group.add_argument("--shard", metavar="I/N",
                       help=f"judge only shard I of N: {what} split by a stable hash, the same "
                       "for any order of the inputs; `job/N` takes I from a Kubernetes Indexed "
                       "Job's JOB_COMPLETION_INDEX")
    group.add_argument("--run-id", metavar="ID",
                       help="the run the shards belong to (default: a hash of the run's inputs "
                       "and today's UTC date, the same in every shard)")


def shard_setup(args: argparse.Namespace, *inputs: Sequence[str] | str) -> Shard | None:
    """The ``--shard`` of ``args`` with its run ID, or None for an unsharded run."""
    if not getattr(args, "shard", None):
        return None
    import datetime

    from policycheck.engine.shard import Shard, run_id

    today = datetime.datetime.now(datetime.UTC).date().isoformat()
    count = args.shard.partition("/")[2]
    return Shard.parse(args.shard, args.run_id or run_id(*inputs, today, count))


def add_observability_options(parser: argparse.ArgumentParser) -> None:
    """Logs and metrics for unattended runs."""
    group = parser.add_argument_group("observability")
    group.add_argument("--log-format", choices=("text", "json"), default="text",
                       help="stderr log lines as text or as one JSON event per line (default: text)")
    group.add_argument("--log-level", choices=LOG_LEVELS, default="warning",
                       help="lowest level logged (default: warning; info logs each step)")
    group.add_argument("--metrics-file", type=Path, metavar="FILE",
                       help="write the run's metrics (findings by policy and severity, resources, "
                       "NOT ASSESSED, API calls and throttles, duration) in the Prometheus text "
                       "format, e.g. for the node-exporter textfile collector")


def add_policy_options(parser: argparse.ArgumentParser) -> None:
    pick = parser.add_argument_group("policies")
    pick.add_argument("--select", action="append", metavar="IDS",
                      help="only these policy IDs or prefixes (comma-separated, repeatable)")
    pick.add_argument("--ignore", action="append", metavar="IDS",
                      help="skip these policy IDs or prefixes (comma-separated, repeatable)")
    pick.add_argument("--policies", action="append", type=Path, metavar="DIR",
                      help="load extra policies from DIR (repeatable)")
    pick.add_argument("--config", type=Path, metavar="FILE",
                      help="configuration file (default: nearest .policycheck.yaml or "
                      "pyproject.toml [tool.policycheck])")
    add_trust_option(pick)


def add_trust_option(parser: argparse.ArgumentParser | argparse._ArgumentGroup) -> None:
    parser.add_argument("--trust-repo-policies", action="store_true",
                        help="import the Python policies of the directories the configuration "
                        "names (it runs their code: only for repositories you trust); without "
                        "it only their YAML policies load. --policies DIR always loads")


def add_judging_options(parser: argparse.ArgumentParser) -> None:
    """The policy-selection and source options of the commands that scan files."""
    add_policy_options(parser)
    src = parser.add_argument_group("sources")
    src.add_argument("--exclude", action="append", metavar="GLOBS",
                     help="gitignore-style patterns of files to skip (comma-separated, repeatable)")
    src.add_argument("--var-file", action="append", type=Path, metavar="FILE",
                     help="Terraform variable file, as with terraform -var-file (repeatable)")
    src.add_argument("--hcl-parser", choices=("tree-sitter", "python-hcl2"),
                     default="tree-sitter", help="HCL parser (python-hcl2 is the slow reference)")
    helm = parser.add_argument_group("helm charts (rendered with `helm template`, helm 3.8+)")
    helm.add_argument("--helm-values", action="append", type=Path, metavar="FILE",
                      help="values file applied after the chart's values.yaml (repeatable, in order)")
    helm.add_argument("--helm-set", action="append", metavar="KEY=VALUE",
                      help="a value set on the command line, as with helm --set (repeatable)")
    helm.add_argument("--helm-release", default="release-name", metavar="NAME",
                      help="release name the templates see (default: release-name)")
    helm.add_argument("--helm-namespace", metavar="NAMESPACE",
                      help="namespace the templates render into (helm --namespace)")
    bounds = parser.add_argument_group("limits (a scanned repository's config may only lower them)")
    bounds.add_argument("--max-instances", type=positive_int, metavar="N",
                        help="instances one Terraform resource or module call may expand to "
                        "(default: 10000)")
    bounds.add_argument("--max-file-bytes", type=positive_int, metavar="N",
                        help="size of the largest file judged (default: 10485760)")
    bounds.add_argument("--file-timeout", type=positive_number, metavar="SECONDS",
                        help="time loading one file (a Terraform module tree: all its files) "
                        "may take (default: 60)")
    speed = parser.add_argument_group("speed")
    speed.add_argument("-j", "--jobs", type=positive_int, default=os.cpu_count() or 1, metavar="N",
                       help="processes that load and judge (default: the number of CPUs; 1: no "
                       "worker processes); the output is the same for every N")
    speed.add_argument("--cache-dir", type=Path, metavar="DIR",
                       help="keep parsed files in DIR and reuse them while their content is "
                       "unchanged (default: no cache)")


def output_targets(args: argparse.Namespace, known: Sequence[str]) -> Outputs:
    """The ``--format``/``--output`` pairs, checked: known formats, at most one on stdout."""
    formats = flat_list(args.format) or ["text"]
    outputs: list[Path | None] = list(args.output or [])
    for fmt in formats:
        if fmt not in known:
            raise UsageError(f"unknown format {fmt!r}; choose from {', '.join(known)}")
    if len(outputs) > len(formats):
        raise UsageError("more --output than --format options")
    outputs += [None] * (len(formats) - len(outputs))
    if sum(o is None for o in outputs) > 1:
        raise UsageError("only one format can go to standard output; give --output for the others")
    return list(zip(formats, outputs, strict=True))


def find_config(explicit: Path | None, start: Path) -> Config:
    """``explicit``, else the nearest configuration file above ``start``, else the defaults."""
    from policycheck.engine.config import Config, find_config, read_config_file

    path = explicit or find_config(start)
    return read_config_file(path) if path else Config()


def confined_config(explicit: Path | None, start: Path) -> tuple[Config, list[ScanError]]:
    """:func:`find_config`, with the paths that leave its directory removed, and an error entry
    for each (:mod:`policycheck.engine.trust`)."""
    from policycheck.engine.trust import confine

    confined = confine(find_config(explicit, start))
    return confined.config, [*confined.errors]


def registry(own: Sequence[Path], repo: Sequence[Path] = (), *, trust: bool = False) -> Registry:
    """The policies: built-in, ``repo`` (the configuration's directories: Python only when
    ``trust``), ``own`` (``--policies``) and installed plugins."""
    from policycheck.engine.registry import load_registry

    return load_registry(own, repo_dirs=repo, trust_repo=trust)


def scan_setup(args: argparse.Namespace) -> tuple[Registry, ScanOptions]:
    """The registry and scan options that the policy, source and gate arguments describe."""
    from policycheck.engine.scan import ScanOptions
    from policycheck.engine.trust import confine
    from policycheck.loaders.base import LoadOptions
    from policycheck.loaders.confine import scan_roots
    from policycheck.model import Severity

    found = find_config(args.config, Path(args.paths[0] if args.paths else "."))
    confined = confine(found)
    config = confined.config
    policies = registry(args.policies or [], config.policy_dirs, trust=args.trust_repo_policies)
    policies.errors += confined.errors
    policies.warnings += confined.warnings
    fail_on = Severity.parse(args.fail_on) if args.fail_on else config.fail_on or Severity.HIGH
    return policies, ScanOptions(
        paths=args.paths,
        config=config,
        select=flat_list(args.select) or list(config.select),
        ignore=[*config.ignore, *flat_list(args.ignore)],
        fail_on=fail_on,
        unknown_fails=(args.unknown or config.unknown) == "fail",
        load=LoadOptions(var_files=(*config.var_files, *(args.var_file or ())),
                         env=dict(os.environ), hcl_parser=args.hcl_parser, helm=_helm(args),
                         limits=limits(args, config), roots=scan_roots(args.paths, config.root)),
        exclude=flat_list(args.exclude),
        baseline=args.baseline,
        jobs=args.jobs,
        cache_dir=args.cache_dir,
    )


def _helm(args: argparse.Namespace) -> HelmOptions:
    from policycheck.loaders.base import HelmOptions

    for assignment in args.helm_set or ():
        if "=" not in assignment:
            raise UsageError(f"--helm-set takes KEY=VALUE, not {assignment!r}")
    for path in args.helm_values or ():
        if not path.is_file():
            raise UsageError(f"--helm-values {path}: no such file")
    return HelmOptions(values=tuple(args.helm_values or ()), set_values=tuple(args.helm_set or ()),
                       release=args.helm_release, namespace=args.helm_namespace)


def limits(args: argparse.Namespace, config: Config) -> Limits:
    """The config's limits where they are lower than the defaults, then the options'."""
    from dataclasses import replace

    from policycheck.loaders.limits import Limits, tightened

    given = {name: getattr(args, name) for name in ("max_instances", "max_file_bytes", "file_timeout")
             if getattr(args, name, None) is not None}
    return replace(tightened(Limits(), dict(config.limits)), **given)


@dataclass(frozen=True, slots=True)
class ReportOptions:
    """Where and how a findings report is written, and how errors count."""

    outputs: Outputs
    show_passed: bool = False
    no_color: bool = False
    fail_on_error: bool = True
    write_baseline: Path | None = None
    metrics_file: Path | None = None
    command: str = ""
    started: float = field(default_factory=time.monotonic)


def report_options(args: argparse.Namespace) -> ReportOptions:
    from policycheck.reporters import FORMATS

    command = " ".join(w for w in (args.command, getattr(args, "target", None)) if w)
    return ReportOptions(outputs=output_targets(args, FORMATS), show_passed=args.show_passed,
                         no_color=args.no_color, fail_on_error=not args.no_fail_on_error,
                         write_baseline=getattr(args, "write_baseline", None),
                         metrics_file=getattr(args, "metrics_file", None), command=command)


def live_setup(args: argparse.Namespace) -> tuple[Registry, LiveOptions]:
    """The registry and judging options of a live command (``audit``, ``drift``): the policy
    and gate arguments of :func:`add_policy_options` and :func:`add_report_options`."""
    from policycheck.engine.live import LiveOptions
    from policycheck.model import Severity

    config = find_config(args.config, Path("."))
    policies = registry([*config.policy_dirs, *(args.policies or [])])
    fail_on = Severity.parse(args.fail_on) if args.fail_on else config.fail_on or Severity.HIGH
    return policies, LiveOptions(
        config=config,
        select=flat_list(args.select) or list(config.select),
        ignore=[*config.ignore, *flat_list(args.ignore)],
        fail_on=fail_on,
        unknown_fails=(args.unknown or config.unknown) == "fail",
        baseline=args.baseline,
    )
