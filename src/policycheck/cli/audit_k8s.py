"""``policycheck audit k8s``: judge what runs in a live Kubernetes cluster (or a snapshot)."""

from __future__ import annotations

import argparse
import os
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from policycheck.cli.command import SubParsers
from policycheck.cli.options import (
    Outputs,
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

if TYPE_CHECKING:
    from policycheck.live.k8s import K8sCollection

NAME = "k8s"


def register(sub: SubParsers) -> None:
    parser = sub.add_parser(
        NAME, help="judge a live Kubernetes cluster",
        description="Read the cluster with read-only list calls (kubeconfig and --context, or "
        "the in-cluster service account) and judge its objects with the Kubernetes policies. "
        "Pods and ReplicaSets owned by a controller are judged once, on the controller. A kind "
        "or namespace the audit may not list is NOT ASSESSED, never passed.",
        epilog="exit codes: 0 nothing at or above --fail-on; 1 findings at or above it; 2 usage "
        "error, unreachable cluster, or something NOT ASSESSED unless --no-fail-on-error")
    cluster = parser.add_argument_group("cluster")
    cluster.add_argument("--kubeconfig", type=Path, metavar="FILE",
                         help="kubeconfig file (default: $KUBECONFIG, ~/.kube/config, else the "
                         "in-cluster service account)")
    cluster.add_argument("--context", metavar="NAME", help="kubeconfig context (default: current)")
    cluster.add_argument("--cluster", metavar="NAME", help="the cluster's name in findings "
                         "(default: the context name; a kubectl List: the file name)")
    cluster.add_argument("--namespace", "-n", action="append", metavar="NAMES",
                         help="only these namespaces (comma-separated, repeatable; default: all)")
    cluster.add_argument("--exclude-namespace", action="append", metavar="NAMES",
                         help="leave these namespaces out (comma-separated, repeatable; adds to "
                         "exclude-namespaces in the config)")
    cluster.add_argument("--page-size", type=positive_int, default=500, metavar="N",
                         help="objects per list page (default: 500)")
    snap = parser.add_argument_group("snapshots")
    snap.add_argument("--snapshot", type=Path, metavar="FILE",
                      help="also save what was read to FILE (JSON; Secrets' data never present)")
    snap.add_argument("--from-snapshot", type=Path, metavar="FILE",
                      help="judge a snapshot instead of a cluster: a --snapshot file, or what "
                      "`kubectl get deploy,rs,pods,... -A -o json` prints")
    cluster.add_argument("--include-secrets", action="store_true",
                         help="also list Secrets' metadata (names, labels, annotations; never their "
                         "data). Needs `list` on secrets, which RBAC cannot limit to metadata: off "
                         "by default")
    snap.add_argument("--print-rbac", action="store_true",
                      help="print the read-only ServiceAccount, ClusterRole and binding the audit "
                      "needs (deploy/rbac.yaml) and exit")
    add_shard_options(parser, "namespaces (cluster-scoped objects go to one shard)")
    add_report_options(parser)
    add_policy_options(parser)


def quiet(outputs: Outputs) -> bool:
    """No progress off a terminal, in CI, or when a machine-readable report goes to stdout."""
    return (not sys.stderr.isatty() or bool(os.environ.get("CI"))
            or any(fmt != "text" and target is None for fmt, target in outputs))


def progress_printer() -> Callable[[str], None]:
    lock = threading.Lock()

    def show(line: str) -> None:
        with lock:
            print(f"  listed {line}", file=sys.stderr, flush=True)

    return show


def read(args: argparse.Namespace, outputs: Outputs, excluded: list[str]) -> K8sCollection:
    from policycheck.live.k8s import K8sOptions, collect, load_snapshot
    from policycheck.live.k8s.collection import select_namespaces

    namespaces = flat_list(args.namespace)
    if args.from_snapshot is not None:
        loaded = load_snapshot(args.from_snapshot, cluster=args.cluster)
        return select_namespaces(loaded, namespaces, excluded)
    options = K8sOptions(kubeconfig=args.kubeconfig, context=args.context, namespaces=namespaces,
                         exclude_namespaces=excluded, page_size=args.page_size,
                         cluster=args.cluster, progress=None if quiet(outputs) else progress_printer(),
                         include_secrets=getattr(args, "include_secrets", False))
    return collect(options)


def run(args: argparse.Namespace) -> int:
    if args.print_rbac:
        from policycheck.live.k8s.rbac import manifest

        sys.stdout.write(manifest(include_secrets=args.include_secrets))
        return 0
    from policycheck.engine.live import judge_live
    from policycheck.live.k8s import save_snapshot

    report = report_options(args)
    registry, options = live_setup(args)
    excluded = [*options.config.exclude_namespaces, *flat_list(args.exclude_namespace)]
    collection = read(args, report.outputs, excluded)
    if args.snapshot is not None:
        save_snapshot(args.snapshot, collection)
    shard = shard_setup(args, collection.cluster, flat_list(args.namespace), excluded)
    if shard is not None:
        from policycheck.live.k8s.collection import shard_collection

        collection = shard_collection(collection, shard)
    with working(f"judging {len(collection.resources)} objects with {len(registry)} policies"):
        result = collection.annotate(judge_live(collection, options, registry))
    result.shard = shard
    return emit(result, report)
