"""``policycheck drift``: compare declared infrastructure (Terraform state or plan, Kubernetes
manifests) with what runs live (an AWS account, a cluster, or a snapshot of either)."""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
from pathlib import Path
from typing import TYPE_CHECKING

from policycheck.cli.command import SubParsers
from policycheck.cli.options import (
    Outputs,
    add_policy_options,
    add_report_options,
    flat_list,
    live_setup,
    positive_int,
    report_options,
)
from policycheck.cli.output import emit, working
from policycheck.errors import UsageError

if TYPE_CHECKING:
    from policycheck.drift.live_side import LiveSide
    from policycheck.drift.model import Declared
    from policycheck.drift.state import Fetch
    from policycheck.live.aws import AwsOptions

NAME = "drift"


def register(sub: SubParsers) -> None:
    parser = sub.add_parser(
        NAME, help="compare Terraform state or manifests with what runs live",
        description="Match what the code declares (Terraform state or plan: --state/--plan; "
        "Kubernetes manifests: --manifests) with what runs live (an AWS account or a cluster, read "
        "with the audit's read-only calls, or --from-snapshot) and report PC-DRIFT-001 (declared, "
        "missing live), PC-DRIFT-002 (live, declared nowhere), PC-DRIFT-003 (a security-relevant "
        "attribute changed) and PC-DRIFT-004 (live fails a policy the declaration passes), with a "
        "summary of managed / missing / unmanaged / drifted resources and the coverage.",
        epilog="exit codes: 0 nothing at or above --fail-on; 1 findings at or above it; 2 usage "
        "error, an unreadable state or manifest, or something NOT ASSESSED unless --no-fail-on-error")
    declared = parser.add_argument_group("declared side (one kind)")
    declared.add_argument("--state", action="append", metavar="FILE",
                          help="Terraform state (format 4): a path or s3://BUCKET/KEY (read with the "
                          "AWS options below); repeat for several stacks")
    declared.add_argument("--plan", type=Path, metavar="FILE",
                          help="`terraform show -json` plan: its planned values are the declared side")
    declared.add_argument("--manifests", action="append", metavar="DIR",
                          help="Kubernetes manifests, Helm charts and Kustomize overlays, loaded as "
                          "`policycheck scan` loads them (repeatable)")
    drift = parser.add_argument_group("drift")
    drift.add_argument("--only-managed", action="store_true",
                       help="report only on declared resources (no PC-DRIFT-002)")
    drift.add_argument("--driftignore", type=Path, metavar="FILE",
                       help="resources to leave out, with reasons (default: .policycheck-driftignore "
                       "in the working directory, if present)")
    snap = parser.add_argument_group("snapshots")
    snap.add_argument("--from-snapshot", type=Path, metavar="FILE",
                      help="compare with a saved AWS or Kubernetes snapshot (or a kubectl List) "
                      "instead of reading live")
    snap.add_argument("--snapshot", type=Path, metavar="FILE", help="also save what was read to FILE")
    add_aws_options(parser)
    add_k8s_options(parser)
    add_report_options(parser)
    add_policy_options(parser)


def add_aws_options(parser: argparse.ArgumentParser) -> None:
    """The AWS options of ``audit aws`` that reading an account needs (same names and meaning)."""
    reach = parser.add_argument_group("AWS (with --state/--plan)")
    reach.add_argument("--profile", metavar="NAME", help="named profile of the shared AWS config")
    reach.add_argument("--role-arn", metavar="ARN", help="assume this IAM role")
    reach.add_argument("--external-id", metavar="ID", help="external ID for assuming the role(s)")
    reach.add_argument("--accounts", type=Path, metavar="FILE", help="a file of role ARNs to assume")
    reach.add_argument("--regions", action="append", metavar="REGIONS",
                       help="regions to read (comma-separated, repeatable; default: the enabled regions)")
    reach.add_argument("--services", action="append", metavar="SERVICES",
                       help="AWS services to read (comma-separated, repeatable; default: all)")
    reach.add_argument("--max-workers", type=positive_int, default=8, metavar="N",
                       help="services and regions read in parallel (default: 8)")
    reach.add_argument("--retry-mode", choices=("standard", "adaptive"), default="standard",
                       help="botocore retry mode (default: standard)")


def add_k8s_options(parser: argparse.ArgumentParser) -> None:
    """The cluster options of ``audit k8s`` (same names and meaning)."""
    cluster = parser.add_argument_group("Kubernetes (with --manifests)")
    cluster.add_argument("--kubeconfig", type=Path, metavar="FILE", help="kubeconfig file")
    cluster.add_argument("--context", metavar="NAME", help="kubeconfig context (default: current)")
    cluster.add_argument("--cluster", metavar="NAME", help="the cluster's name in findings")
    cluster.add_argument("--namespace", "-n", action="append", metavar="NAMES",
                         help="only these namespaces (comma-separated, repeatable; default: all); "
                         "with one namespace, manifests that name none are in it (else: default)")
    cluster.add_argument("--exclude-namespace", action="append", metavar="NAMES",
                         help="leave these namespaces out (comma-separated, repeatable)")
    cluster.add_argument("--page-size", type=positive_int, default=500, metavar="N",
                         help="objects per list page (default: 500)")


def _target(args: argparse.Namespace) -> str:
    aws, k8s = bool(args.state or args.plan), bool(args.manifests)
    if aws == k8s:
        raise UsageError("give the declared side: --state/--plan (AWS) or --manifests (Kubernetes), not both")
    if args.state and args.plan:
        raise UsageError("--state and --plan are alternatives: give one of them")
    if args.from_snapshot is not None:
        from policycheck.drift.live_side import snapshot_source

        found = snapshot_source(args.from_snapshot)
        wanted = "aws" if aws else "cluster"
        if found != wanted:
            raise UsageError(f"{args.from_snapshot} is a {found} snapshot; the declared side needs "
                             f"a{'n AWS' if aws else ' Kubernetes'} one")
        if args.snapshot:
            raise UsageError("--from-snapshot reads a snapshot; it takes no --snapshot")
    return "aws" if aws else "cluster"


def _s3_fetch(args: argparse.Namespace) -> Fetch:
    def fetch(bucket: str, key: str) -> bytes:
        from policycheck.live.aws.session import assume, base_session, client_config

        options = _aws_options(args)
        config = client_config(options)
        session = base_session(options)
        if options.role_arn:
            session = assume(session, options.role_arn, options, config)
        client = session.client("s3", region_name=session.region_name or "us-east-1", config=config)
        try:
            body: bytes = client.get_object(Bucket=bucket, Key=key)["Body"].read()
        except Exception as error:  # botocore's errors: the message names the code, never a secret
            from policycheck.drift.state import StateError

            raise StateError(f"cannot read state s3://{bucket}/{key}: {error}") from None
        return body

    return fetch


def _aws_options(args: argparse.Namespace) -> AwsOptions:
    from policycheck.cli.audit_aws import aws_options

    return aws_options(args, json_to_stdout=True)


def _declared(args: argparse.Namespace) -> Declared:
    from policycheck.drift.model import Declared

    if args.manifests:
        from policycheck.drift.manifests import load_manifests

        return load_manifests(flat_list(args.manifests))
    declared = Declared("aws")
    if args.plan is not None:
        from policycheck.drift._plan import plan_resources
        from policycheck.loaders.base import SourceFile

        resources, errors, warnings = plan_resources(SourceFile(args.plan, str(args.plan)))
        return Declared("aws", resources, errors, warnings, files=1)
    from policycheck.drift.state import StateRef, read_state

    fetch = _s3_fetch(args)
    for ref in args.state:
        declared.extend(read_state(StateRef(ref), fetch))
    return declared


def _live(args: argparse.Namespace, target: str, excluded: list[str], outputs: Outputs) -> LiveSide:
    from policycheck.drift import live_side

    if target == "aws":
        from policycheck.cli.audit_aws import aws_options

        options = None if args.from_snapshot else aws_options(
            args, any(fmt == "json" and dest is None for fmt, dest in outputs))
        with contextlib.nullcontext() if options and options.progress else working("reading AWS"):
            return live_side.read_aws(options, args.from_snapshot)
    from policycheck.cli.audit_k8s import read
    from policycheck.live.k8s import save_snapshot

    namespaces = flat_list(args.namespace)
    read_side = live_side.k8s_side(read(args, outputs, excluded),
                                   namespaces[0] if len(namespaces) == 1 else "default")
    if args.snapshot is not None:
        from policycheck.live.k8s import K8sCollection

        assert isinstance(read_side.collection, K8sCollection)
        save_snapshot(args.snapshot, read_side.collection)
    return read_side


def run(args: argparse.Namespace) -> int:
    from policycheck.drift.engine import run_drift
    from policycheck.drift.ignore import read_ignore
    from policycheck.drift.model import DriftOptions
    from policycheck.drift.sides import K8sSide

    target = _target(args)
    report = report_options(args)
    registry, options = live_setup(args)
    rules, ignore_warnings = read_ignore(args.driftignore)
    declared = _declared(args)
    declared.warnings.extend(ignore_warnings)
    excluded = [*options.config.exclude_namespaces, *flat_list(args.exclude_namespace)]
    live = _live(args, target, excluded, report.outputs)
    skipped = live.unjudgeable(registry)
    if skipped:  # they would judge an absence nobody looked for (PC-AWS-092 without CloudTrail)
        declared.warnings.append(f"not judged: {', '.join(skipped)} (they read services that were not collected)")
        options = dataclasses.replace(options, ignore=[*options.ignore, *skipped])
    namespace = live.side.default_namespace if isinstance(live.side, K8sSide) else "default"
    drift = DriftOptions(only_managed=args.only_managed, ignore=rules, default_namespace=namespace)
    with working(f"comparing {len(declared.resources)} declared and {len(live.objects)} live resources"):
        result = run_drift(declared, live.collection, live.side, drift, options, registry, live.objects)
    if target == "cluster":
        from policycheck.live.k8s import K8sCollection

        if isinstance(live.collection, K8sCollection):
            result = live.collection.annotate(result)
    return emit(result, report)
