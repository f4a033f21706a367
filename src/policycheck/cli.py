"""Command-line interface: argument parsing and wiring only."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from policycheck import __version__

if TYPE_CHECKING:
    from policycheck.engine.config import Config
    from policycheck.engine.registry import Registry

COMMANDS = ("scan", "rules", "init")
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
    out = scan.add_argument_group("output")
    out.add_argument("-f", "--format", action="append", metavar="FORMAT",
                     help="output format (text, json, sarif, junit, github, markdown); repeat or comma-separate for "
                     "several, each paired with an --output in order (default: text)")
    out.add_argument("-o", "--output", action="append", type=Path, metavar="FILE",
                     help="write the matching --format to FILE instead of standard output")
    out.add_argument("--show-passed", action="store_true", help="list passing checks too")
    out.add_argument("--no-color", action="store_true", help="no colours in text output")
    gate = scan.add_argument_group("gate")
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
    pick = scan.add_argument_group("policies")
    pick.add_argument("--select", action="append", metavar="IDS",
                      help="only these policy IDs or prefixes (comma-separated, repeatable)")
    pick.add_argument("--ignore", action="append", metavar="IDS",
                      help="skip these policy IDs or prefixes (comma-separated, repeatable)")
    pick.add_argument("--policies", action="append", type=Path, metavar="DIR",
                      help="load extra policies from DIR (repeatable)")
    src = scan.add_argument_group("sources")
    src.add_argument("--config", type=Path, metavar="FILE",
                     help="configuration file (default: nearest .policycheck.yaml or "
                     "pyproject.toml [tool.policycheck])")
    src.add_argument("--exclude", action="append", metavar="GLOBS",
                     help="gitignore-style patterns of files to skip (comma-separated, repeatable)")
    src.add_argument("--var-file", action="append", type=Path, metavar="FILE",
                     help="Terraform variable file, as with terraform -var-file (repeatable)")
    src.add_argument("--hcl-parser", choices=("tree-sitter", "python-hcl2"),
                     default="tree-sitter", help="HCL parser (python-hcl2 is the slow reference)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="policycheck",
        description="Policy-as-code for production readiness of infrastructure.",
        epilog="Run `policycheck COMMAND --help` for a command's options.",
    )
    parser.add_argument("--version", action="version", version=f"policycheck {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    _scan_parser(sub)
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
    return parser


def _normalise_argv(argv: list[str]) -> list[str]:
    """`policycheck PATH...` means `policycheck scan PATH...`."""
    first = next((a for a in argv if not a.startswith("-")), None)
    if not argv or (argv[0] not in ("-h", "--help", "--version") and first not in COMMANDS):
        return ["scan", *argv]
    return argv


def _load_config(args: argparse.Namespace) -> Config:
    from policycheck.engine.config import Config, find_config, read_config_file

    path = args.config or find_config(Path(args.paths[0]))
    return read_config_file(path) if path else Config()


def _registry(extra: Sequence[Path]) -> Registry:
    from policycheck.engine.registry import load_registry

    return load_registry(extra)


def _outputs(args: argparse.Namespace) -> list[tuple[str, Path | None]]:
    from policycheck.reporters import FORMATS

    formats = _list(args.format) or ["text"]
    outputs: list[Path | None] = list(args.output or [])
    for fmt in formats:
        if fmt not in FORMATS:
            raise UsageError(f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}")
    if len(outputs) > len(formats):
        raise UsageError("more --output than --format options")
    outputs += [None] * (len(formats) - len(outputs))
    if sum(o is None for o in outputs) > 1:
        raise UsageError("only one format can go to standard output; give --output for the others")
    return list(zip(formats, outputs, strict=True))


def _scan(args: argparse.Namespace) -> int:
    from policycheck.engine.scan import ScanOptions, scan
    from policycheck.loaders.base import LoadOptions
    from policycheck.model import Severity
    from policycheck.reporters import render

    outputs = _outputs(args)
    config = _load_config(args)
    registry = _registry([*config.policy_dirs, *(args.policies or [])])
    fail_on = Severity.parse(args.fail_on) if args.fail_on else config.fail_on or Severity.HIGH
    options = ScanOptions(
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
    )
    report = scan(options, registry)
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


def fmt_needs_warnings(outputs: Sequence[tuple[str, Path | None]]) -> bool:
    """Warnings go to stderr unless the text report on stdout already lists them."""
    return not any(fmt == "text" and target is None for fmt, target in outputs)


def _rules(args: argparse.Namespace) -> int:
    import json

    registry = _registry(args.policies or [])
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

    handlers = {"scan": _scan, "rules": _rules, "init": _init}
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
