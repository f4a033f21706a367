"""Command-line interface: argument parsing and wiring only."""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from policycheck import __version__

if TYPE_CHECKING:
    from policycheck.engine.config import Config
    from policycheck.engine.registry import Registry
    from policycheck.engine.report import ScanReport
    from policycheck.engine.scan import ScanOptions

COMMANDS = ("scan", "plan", "checklist", "rules", "init", "new", "test")
SEVERITIES = ("critical", "high", "medium", "low")
EXIT_USAGE = 2


class UsageError(Exception):
    """A bad option value or combination; exit code 2."""


def _list(values: Sequence[str] | None) -> list[str]:
    """Comma-separated and repeated list options, flattened."""
    return [v.strip() for value in values or () for v in value.split(",") if v.strip()]


def _scan_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    scan = sub.add_parser(
        "scan",
        help="judge Terraform, Kubernetes manifests, Dockerfiles and requirement files",
        description="Scan paths (default: the current directory) and judge every resource "
        "against the policies. `policycheck PATH...` is short for `policycheck scan PATH...`.",
        epilog="exit codes: 0 nothing at or above --fail-on; 1 findings at or above it; "
        "2 usage error or a file that could not be judged (unless --no-fail-on-error)",
    )
    scan.add_argument("paths", nargs="*", default=["."], metavar="PATH")
    _report_options(scan)
    _judging_options(scan)


def _report_options(parser: argparse.ArgumentParser) -> None:
    """The output and gate options that scan and plan share."""
    out = parser.add_argument_group("output")
    out.add_argument("-f", "--format", action="append", metavar="FORMAT",
                     help="output format (text, json, sarif, junit, github, markdown); repeat or comma-separate for "
                     "several, each paired with an --output in order (default: text)")
    out.add_argument("-o", "--output", action="append", type=Path, metavar="FILE",
                     help="write the matching --format to FILE instead of standard output")
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


def _plan_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    plan = sub.add_parser(
        "plan",
        help="gate a Terraform plan: policies on the planned values, plus the plan gates",
        description="Judge `terraform show -json PLANFILE` output: every Terraform policy on "
        "the planned values, PC-PLAN-001 (stateful data destroyed), PC-PLAN-002 (a passing "
        "control made to fail) and PC-DRIFT-003 (drift of attributes policies read). Findings "
        "name the resource address and start with the change ([update] ...).",
        epilog="exit codes: 0 nothing at or above --fail-on; 1 findings at or above it; "
        "2 usage error, or a file that is not a readable plan (unless --no-fail-on-error)",
    )
    plan.add_argument("paths", nargs=1, metavar="PLAN", help="`terraform show -json` output")
    plan.add_argument("--source", type=Path, metavar="DIR",
                      help="the Terraform root the plan was made from: findings point at its .tf "
                      "files and its policycheck:ignore comments apply (default: the plan's "
                      "directory, when it has .tf files)")
    plan.add_argument("--changed-only", action="store_true",
                      help="judge only resources the plan creates, updates or replaces "
                      "(PC-PLAN-001 still judges deletions)")
    _report_options(plan)
    _judging_options(plan)


def _judging_options(parser: argparse.ArgumentParser) -> None:
    """The policy-selection and source options that scan and checklist share."""
    pick = parser.add_argument_group("policies")
    pick.add_argument("--select", action="append", metavar="IDS",
                      help="only these policy IDs or prefixes (comma-separated, repeatable)")
    pick.add_argument("--ignore", action="append", metavar="IDS",
                      help="skip these policy IDs or prefixes (comma-separated, repeatable)")
    pick.add_argument("--policies", action="append", type=Path, metavar="DIR",
                      help="load extra policies from DIR (repeatable)")
    src = parser.add_argument_group("sources")
    src.add_argument("--config", type=Path, metavar="FILE",
                     help="configuration file (default: nearest .policycheck.yaml or "
                     "pyproject.toml [tool.policycheck])")
    src.add_argument("--exclude", action="append", metavar="GLOBS",
                     help="gitignore-style patterns of files to skip (comma-separated, repeatable)")
    src.add_argument("--var-file", action="append", type=Path, metavar="FILE",
                     help="Terraform variable file, as with terraform -var-file (repeatable)")
    src.add_argument("--hcl-parser", choices=("tree-sitter", "python-hcl2"),
                     default="tree-sitter", help="HCL parser (python-hcl2 is the slow reference)")
    speed = parser.add_argument_group("speed")
    speed.add_argument("-j", "--jobs", type=_jobs, default=os.cpu_count() or 1, metavar="N",
                       help="processes that load and judge (default: the number of CPUs; 1: no "
                       "worker processes); the output is the same for every N")
    speed.add_argument("--cache-dir", type=Path, metavar="DIR",
                       help="keep parsed files in DIR and reuse them while their content is "
                       "unchanged (default: no cache)")


def _jobs(text: str) -> int:
    try:
        jobs = int(text)
    except ValueError:
        jobs = 0
    if jobs < 1:
        raise argparse.ArgumentTypeError(f"must be a whole number of at least 1, not {text!r}")
    return jobs


def _checklist_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    checklist = sub.add_parser(
        "checklist",
        help="Go/No-Go readiness report against the production deployment checklist",
        description="Scan paths (default: the current directory, unless only --results are "
        "given), roll the findings and the attestations up over the checklist item by item, "
        "and decide Go/No-Go.",
        epilog="exit codes: 0 GO; 1 NO-GO; 2 usage error, an invalid checklist, attestations "
        "or results file, or input that could not be judged",
    )
    checklist.add_argument("paths", nargs="*", metavar="PATH")
    out = checklist.add_argument_group("output")
    out.add_argument("-f", "--format", action="append", metavar="FORMAT",
                     help="text (default), markdown, html or json; repeat or comma-separate for "
                     "several, each paired with an --output in order")
    out.add_argument("-o", "--output", action="append", type=Path, metavar="FILE",
                     help="write the matching --format to FILE instead of standard output")
    out.add_argument("--coverage", action="store_true", help="only list which items policies "
                     "automate and which remain manual (text or json)")
    evidence = checklist.add_argument_group("evidence")
    evidence.add_argument("--results", action="append", type=Path, metavar="FILE",
                          help="saved results to roll up too: `policycheck scan --format json "
                          "--show-passed` output (repeatable)")
    evidence.add_argument("--attestations", type=Path, metavar="FILE",
                          help="answers to manual items (default: policycheck-attestations.yaml "
                          "in the first PATH)")
    evidence.add_argument("--checklist", type=Path, metavar="FILE",
                          help="a checklist replacing the built-in one (or extending it, with "
                          "`extends: built-in`)")
    evidence.add_argument("--unknown", choices=("open", "fail"),
                          help="UNKNOWN verdicts leave their item open until attested (default) "
                          "or fail it")
    evidence.add_argument("--baseline", type=Path, metavar="FILE",
                          help="treat findings recorded in FILE as suppressed")
    checklist.set_defaults(fail_on=None)  # read by _scan_setup; the checklist decides itself
    _judging_options(checklist)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="policycheck",
        description="Policy-as-code for production readiness of infrastructure.",
        epilog="Run `policycheck COMMAND --help` for a command's options.",
    )
    parser.add_argument("--version", action="version", version=f"policycheck {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    _scan_parser(sub)
    _plan_parser(sub)
    _checklist_parser(sub)
    rules = sub.add_parser("rules", help="list the policies, or print one policy's documentation",
                           description="Without an ID: a table of every policy. With an ID: its "
                           "documentation.")
    rules.add_argument("policy_id", nargs="?", metavar="ID")
    rules.add_argument("--policies", action="append", type=Path, metavar="DIR",
                       help="load extra policies from DIR (repeatable)")
    rules.add_argument("--format", choices=("text", "json"), default="text")
    init = sub.add_parser("init", help="write a starter .policycheck.yaml",
                          description="Write a commented .policycheck.yaml into DIR.")
    init.add_argument("directory", nargs="?", type=Path, default=Path("."), metavar="DIR")
    init.add_argument("--force", action="store_true", help="overwrite an existing file")
    _authoring_parsers(sub)
    return parser


def _authoring_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    new = sub.add_parser("new", help="scaffold a policy with a failing and a passing fixture",
                         description="Write a starter policy ID and its fixtures into DIR "
                         "(default: the first configured policy directory, else ./policies).")
    new.add_argument("policy_id", metavar="ID", help="the new policy's ID, e.g. PC-ACME-001")
    new.add_argument("--source", required=True, choices=("tf", "k8s", "docker"),
                     help="what the policy judges: Terraform, Kubernetes or Dockerfiles")
    new.add_argument("--dir", type=Path, metavar="DIR", help="policy directory to write into")
    new.add_argument("--yaml", action="store_true", help="a declarative YAML policy, not Python")
    new.add_argument("--force", action="store_true", help="overwrite existing files")
    test = sub.add_parser("test", help="run the annotated fixtures of policy directories",
                          description="Load the policies of each DIR (default: the configured "
                          "policy directories) and run every fixture directory under it "
                          "(a directory named after a policy ID).",
                          epilog="exit codes: 0 every fixture passes; 1 missed or unexpected "
                          "findings or a policy without a ruleid and an ok case; 2 a policy "
                          "could not be loaded or crashed")
    test.add_argument("directories", nargs="*", type=Path, metavar="DIR")
    test.add_argument("--policies", action="append", type=Path, metavar="DIR",
                      help="load extra policies from DIR without running its fixtures (repeatable)")
    test.add_argument("--config", type=Path, metavar="FILE", help="configuration file")


def _normalise_argv(argv: list[str]) -> list[str]:
    """`policycheck PATH...` means `policycheck scan PATH...`."""
    first = next((a for a in argv if not a.startswith("-")), None)
    if not argv or (argv[0] not in ("-h", "--help", "--version") and first not in COMMANDS):
        return ["scan", *argv]
    return argv


def _load_config(args: argparse.Namespace) -> Config:
    from policycheck.engine.config import Config, find_config, read_config_file

    path = args.config or find_config(Path(args.paths[0] if args.paths else "."))
    return read_config_file(path) if path else Config()


def _registry(extra: Sequence[Path]) -> Registry:
    from policycheck.engine.registry import load_registry

    return load_registry(extra)


def _outputs(args: argparse.Namespace, known: Sequence[str] = ()) -> list[tuple[str, Path | None]]:
    from policycheck.reporters import FORMATS

    known = known or FORMATS
    formats = _list(args.format) or ["text"]
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


def _scan_setup(args: argparse.Namespace) -> tuple[Registry, ScanOptions]:
    """The registry and scan options the policy, source and gate arguments describe."""
    from policycheck.engine.scan import ScanOptions
    from policycheck.loaders.base import LoadOptions
    from policycheck.model import Severity

    config = _load_config(args)
    registry = _registry([*config.policy_dirs, *(args.policies or [])])
    fail_on = Severity.parse(args.fail_on) if args.fail_on else config.fail_on or Severity.HIGH
    return registry, ScanOptions(
        paths=args.paths,
        config=config,
        select=_list(args.select) or list(config.select),
        ignore=[*config.ignore, *_list(args.ignore)],
        fail_on=fail_on,
        unknown_fails=(args.unknown or config.unknown) == "fail",
        load=LoadOptions(var_files=(*config.var_files, *(args.var_file or ())),
                         env=dict(os.environ), hcl_parser=args.hcl_parser),
        exclude=_list(args.exclude),
        baseline=args.baseline,
        jobs=args.jobs,
        cache_dir=args.cache_dir,
    )


def _scan(args: argparse.Namespace) -> int:
    from policycheck.engine.scan import scan

    outputs = _outputs(args)
    registry, options = _scan_setup(args)
    with _working(f"judging {', '.join(options.paths)} with {len(registry)} policies"):
        report = scan(options, registry)
    return _emit(args, report, outputs)


@contextlib.contextmanager
def _working(what: str) -> Iterator[None]:
    """A spinner on the terminal while a long step runs (nothing when stderr is not a TTY)."""
    if not sys.stderr.isatty() or os.environ.get("CI"):
        yield
        return
    from rich.console import Console

    with Console(stderr=True).status(what):
        yield


def _plan(args: argparse.Namespace) -> int:
    from policycheck.plan.model import PlanOptions
    from policycheck.plan.run import scan_plan

    outputs = _outputs(args)
    registry, options = _scan_setup(args)
    source = args.source
    plan_options = PlanOptions(source=source, source_display=str(source) if source else None,
                               changed_only=args.changed_only, report_source_errors=True)
    return _emit(args, scan_plan(args.paths[0], options, registry, plan_options), outputs)


def _emit(args: argparse.Namespace, report: ScanReport,
          outputs: Sequence[tuple[str, Path | None]]) -> int:
    """Write the report in each format (or the baseline) and return the exit code."""
    from policycheck.reporters import render

    report.errors_fail = not args.no_fail_on_error
    if args.write_baseline:
        from policycheck.engine.suppress import write_baseline

        write_baseline(args.write_baseline, report.findings)
        print(f"baseline of {report.summary.failed + report.summary.unknown} findings written "
              f"to {args.write_baseline}", file=sys.stderr)
        return 0
    for fmt, target in outputs:
        color = target is None and fmt == "text" and sys.stdout.isatty() and not (
            args.no_color or os.environ.get("NO_COLOR"))
        text = render(fmt, report, show_passed=args.show_passed, color=color)
        if target is None:
            sys.stdout.write(text)
        else:
            target.write_text(text, "utf-8")
    if fmt_needs_warnings(outputs):
        for warning in report.warnings:
            print(f"warning: {warning}", file=sys.stderr)
    return report.exit_code


def _checklist(args: argparse.Namespace) -> int:
    from policycheck.readiness.command import FORMATS, run_checklist

    outputs = _outputs(args, FORMATS)
    return run_checklist(args, *_scan_setup(args), outputs)


def fmt_needs_warnings(outputs: Sequence[tuple[str, Path | None]]) -> bool:
    """Warnings go to stderr unless the text report on stdout already lists them."""
    return not any(fmt == "text" and target is None for fmt, target in outputs)


def _rules(args: argparse.Namespace) -> int:
    import json

    registry = _registry([*_cwd_config(None).policy_dirs, *(args.policies or [])])
    for error in registry.errors:
        print(f"error: {error.file}:{error.line}: {error.message}", file=sys.stderr)
    if args.policy_id:
        policy = registry.get(args.policy_id)
        if policy is None:
            raise UsageError(f"no policy {args.policy_id!r}; `policycheck rules` lists them")
        if args.format == "json":
            print(json.dumps({"id": policy.id, "title": policy.title, "doc": policy.doc}, indent=2))
        else:
            print(f"{policy.id}: {policy.title}\n"
                  f"severity: {policy.severity}   sources: {', '.join(policy.sources)}\n"
                  f"checklist: {', '.join(policy.checklist) or '-'}\n"
                  f"related: {', '.join(policy.related) or '-'}\n\n{policy.doc}")
        return 0
    rows = [(p.id, str(p.severity), ",".join(p.sources), p.title) for p in registry]
    if args.format == "json":
        keys = ("id", "severity", "sources", "title")
        print(json.dumps([dict(zip(keys, r, strict=True)) for r in rows], indent=2))
    else:
        widths = [max((len(r[i]) for r in rows), default=0) for i in range(3)]
        for row in rows:
            cells = [cell.ljust(widths[i]) for i, cell in enumerate(row[:3])]
            print("  ".join([*cells, row[3]]))
    return 2 if registry.errors else 0


INIT_TEMPLATE = """\
# policycheck configuration. Every key is optional; see `policycheck scan --help`.
# select: [PC-AWS, PC-K8S]          # only these policy IDs or prefixes
# ignore: [PC-AWS-084]              # never run these
fail-on: high                       # critical | high | medium | low
unknown: pass                       # pass | fail: whether UNKNOWN verdicts fail the run
# severity:                         # per-policy severity overrides
#   PC-AWS-011: medium
# params:                           # policy parameters (see `policycheck rules ID`)
#   PC-AWS-080: {min_backup_days: 14}
# policies: [./policy-rules]        # extra policy directories
# exclude: ["legacy/**"]            # gitignore-style patterns, relative to this file
# images:                           # image name -> Dockerfile, for cross-source checks
#   registry.example.com/shop/api: services/api/Dockerfile
# var-files: [env/prod.tfvars]
"""


def _cwd_config(path: Path | None) -> Config:
    from policycheck.engine.config import Config, find_config, read_config_file

    found = path or find_config(Path("."))
    return read_config_file(found) if found else Config()


def _new(args: argparse.Namespace) -> int:
    from policycheck.scaffold import ScaffoldError, scaffold
    from policycheck.testing.command import shown_path

    configured = _cwd_config(None).policy_dirs
    directory = shown_path(args.dir or (configured[0] if configured else Path("policies")))
    existing = _registry([directory] if directory.is_dir() else []).get(args.policy_id)
    if existing is not None:
        raise UsageError(f"{args.policy_id} is already defined at {existing.origin}")
    try:
        written = scaffold(args.policy_id, args.source, directory, declarative=args.yaml,
                           force=args.force)
    except ScaffoldError as exc:
        raise UsageError(str(exc)) from None
    for path in written:
        print(f"wrote {path}")
    print(f"next: edit the policy and its fixtures, then run `policycheck test {directory}`")
    if directory.resolve() not in {d.resolve() for d in configured}:
        print(f"scans use it with `--policies {directory}` or `policies: [{directory}]` in "
              ".policycheck.yaml")
    return 0


def _test(args: argparse.Namespace) -> int:
    from policycheck.testing.command import run_tests

    config = _cwd_config(args.config)
    directories = args.directories or list(config.policy_dirs)
    if not directories:
        raise UsageError("no policy directory: give one (policycheck test DIR) or set "
                         "`policies:` in .policycheck.yaml")
    run = run_tests(directories, [*config.policy_dirs, *(args.policies or [])])
    sys.stdout.write(run.report())
    return run.exit_code


def _init(args: argparse.Namespace) -> int:
    from policycheck.engine.config import CONFIG_FILE

    target = args.directory / CONFIG_FILE
    if target.exists() and not args.force:
        raise UsageError(f"{target} exists; use --force to overwrite it")
    target.write_text(INIT_TEMPLATE, "utf-8")
    print(f"wrote {target}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(_normalise_argv(list(sys.argv[1:] if argv is None else argv)))
    from policycheck.engine.config import ConfigError
    from policycheck.engine.selection import SelectionError
    from policycheck.engine.suppress import BaselineError

    handlers = {"scan": _scan, "plan": _plan, "checklist": _checklist, "rules": _rules,
                "init": _init, "new": _new, "test": _test}
    try:
        return handlers[args.command](args)
    except (UsageError, ConfigError, SelectionError, BaselineError) as exc:
        print(f"policycheck: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    raise SystemExit(main())
