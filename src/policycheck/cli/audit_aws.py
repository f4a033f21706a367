"""``policycheck audit aws``: judge live AWS accounts with the policies of the ``aws`` source."""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import json
import logging
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from policycheck.cli.command import SubParsers
from policycheck.cli.options import (
    add_policy_options,
    add_report_options,
    add_shard_options,
    flat_list,
    live_setup,
    positive_int,
    report_options,
    shard_setup,
)
from policycheck.cli.output import emit, working
from policycheck.errors import UsageError

if TYPE_CHECKING:
    from policycheck.engine.shard import Shard
    from policycheck.live.aws import AwsOptions, RawCollection

NAME = "aws"


def register(sub: SubParsers) -> None:
    parser = sub.add_parser(
        NAME, help="judge live AWS accounts",
        description="Read AWS accounts with read-only calls (credentials from the standard chain: "
        "environment, shared config/credentials files, SSO, instance or task role) and judge "
        "every resource with the policies of the aws source. Print the IAM policy it needs with "
        "--print-iam-policy.",
        epilog="exit codes: 0 nothing at or above --fail-on; 1 findings at or above it; 2 usage "
        "error, or something NOT ASSESSED (access denied, region not enabled, throttled, API "
        "missing) unless --no-fail-on-error")
    reach = parser.add_argument_group("accounts and regions")
    reach.add_argument("--profile", metavar="NAME", help="named profile of the shared AWS config")
    reach.add_argument("--role-arn", metavar="ARN", help="assume this IAM role and audit its account")
    reach.add_argument("--external-id", metavar="ID", help="external ID for assuming the role(s)")
    reach.add_argument("--accounts", type=Path, metavar="FILE",
                       help="audit several accounts: a file of role ARNs to assume, one a line "
                       "(# starts a comment)")
    reach.add_argument("--regions", action="append", metavar="REGIONS",
                       help="regions to read (comma-separated, repeatable; default: the "
                       "account's enabled regions)")
    reach.add_argument("--services", action="append", metavar="SERVICES",
                       help="AWS services to read (comma-separated, repeatable; default: all)")
    client = parser.add_argument_group("client")
    client.add_argument("--max-workers", type=positive_int, default=8, metavar="N",
                        help="API calls in flight at once: accounts, regions, services and their "
                        "items are read in parallel up to N (default: 8; 1: one call at a time)")
    client.add_argument("--retry-mode", choices=("standard", "adaptive"), default="standard",
                        help="botocore retry mode (default: standard; adaptive also rate-limits "
                        "the client)")
    snap = parser.add_argument_group("snapshots")
    snap.add_argument("--snapshot", type=Path, metavar="FILE",
                      help="also save what was read to FILE (JSON, secret values redacted)")
    snap.add_argument("--from-snapshot", type=Path, metavar="FILE",
                      help="judge a saved snapshot offline instead of reading AWS")
    parser.add_argument("--print-iam-policy", action="store_true",
                        help="print the least-privilege IAM policy the audit needs and exit")
    add_shard_options(parser, "(account, region) pairs (each account's global services and "
                      "account-level entries go to the shard of the account)")
    add_report_options(parser)
    add_policy_options(parser)


def aws_shard(args: argparse.Namespace) -> Shard | None:
    """The ``--shard`` of the run; its default run ID hashes what every shard is given alike
    (roles, profile, regions, services and the shard count), whatever their order."""
    from policycheck.live.aws import read_accounts

    roles = [*(read_accounts(args.accounts) if args.accounts else ()), *filter(None, [args.role_arn])]
    return shard_setup(args, [f"role={role}" for role in roles], f"profile={args.profile or ''}",
                       [f"region={r}" for r in flat_list(args.regions)],
                       [f"service={s}" for s in flat_list(args.services)])


def aws_options(args: argparse.Namespace, json_to_stdout: bool, shard: Shard | None = None) -> AwsOptions:
    from policycheck.live.aws import AwsOptions, read_accounts
    from policycheck.live.aws.runner import progress_wanted

    return AwsOptions(
        profile=args.profile, role_arn=args.role_arn, external_id=args.external_id,
        accounts=read_accounts(args.accounts) if args.accounts else (),
        regions=tuple(flat_list(args.regions)), services=tuple(flat_list(args.services)),
        max_workers=args.max_workers, retry_mode=args.retry_mode,
        progress=progress_wanted(json_to_stdout), shard=shard)


def run(args: argparse.Namespace) -> int:
    from policycheck.engine.live import judge_live
    from policycheck.live.aws import ALL_SERVICES, save_snapshot, to_collection, unjudgeable

    if args.print_iam_policy:
        from policycheck.live.aws import iam_policy

        sys.stdout.write(json.dumps(iam_policy(), indent=2) + "\n")
        return 0
    report = report_options(args)
    if args.from_snapshot and (args.snapshot or args.role_arn or args.accounts or args.profile
                               or args.regions or args.services or args.shard):
        raise UsageError("--from-snapshot judges a saved snapshot as it is; it takes no --snapshot, "
                         "--profile, --role-arn, --accounts, --regions, --services or --shard")
    shard = aws_shard(args)
    registry, options = live_setup(args)
    json_to_stdout = any(fmt == "json" and target is None for fmt, target in report.outputs)
    raw = read(args, json_to_stdout, shard)
    if args.snapshot:
        save_snapshot(args.snapshot, raw)
    skipped = unjudgeable(registry, raw)
    if skipped:  # a log event, so that --log-format json keeps stderr one JSON event a line
        logging.getLogger("policycheck.live.aws").warning(
            "not judged: %s (they read services that were not collected)", ", ".join(skipped),
            extra={"event": "policies.not_judged"})
    options = dataclasses.replace(options, ignore=[*options.ignore, *skipped])
    result = judge_live(to_collection(raw, ALL_SERVICES), options, registry)
    result.shard = shard
    return emit(result, report)


def read(args: argparse.Namespace, json_to_stdout: bool, shard: Shard | None = None) -> RawCollection:
    """The raw collection: a saved snapshot, or the accounts read now."""
    if args.from_snapshot:
        from policycheck.live.aws import read_snapshot

        return read_snapshot(args.from_snapshot)
    from policycheck.live.aws import gather

    aws = aws_options(args, json_to_stdout, shard)
    # per-service progress lines replace the spinner on a terminal
    with contextlib.nullcontext() if aws.progress else working("reading AWS"):
        return gather(aws)


