"""Time a Kustomize-heavy tree: 7 bases, 14 overlays (two per base, one with a component).

``python benchmarks/kustomize_bench.py [--work DIR] [--repeat N] [--before REV]`` generates the
tree (21 kustomization directories that render, plus 7 components), then runs, each N times
(median): a cold scan with ``--jobs 1``, a cold scan with the default pool, and a warm rerun
with ``--cache-dir``. With ``--before REV`` the same scan of a checkout of REV (a git worktree
under DIR) is timed in the same run, for the before/after figure.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

DEPLOYMENT = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {name}
spec:
  replicas: 2
  selector: {{matchLabels: {{app: {name}}}}}
  template:
    metadata: {{labels: {{app: {name}}}}}
    spec:
      containers:
        - name: {name}
          image: registry.example.com/{name}:1.{n}.0
          resources: {{limits: {{memory: 256Mi}}, requests: {{memory: 256Mi, cpu: 100m}}}}
"""
SERVICE = """\
apiVersion: v1
kind: Service
metadata:
  name: {name}
spec:
  selector: {{app: {name}}}
  ports: [{{port: 80, targetPort: 8080}}]
"""
PATCH = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {name}
spec:
  template:
    spec:
      containers:
        - name: {name}
          securityContext: {{readOnlyRootFilesystem: true, runAsNonRoot: true}}
"""


def generate(root: Path, bases: int = 7) -> Path:
    for n in range(bases):
        name = f"svc{n}"
        files = {
            f"{name}/base/kustomization.yaml": "resources: [deployment.yaml, service.yaml]\n",
            f"{name}/base/deployment.yaml": DEPLOYMENT.format(name=name, n=n),
            f"{name}/base/service.yaml": SERVICE.format(name=name),
            f"{name}/components/hardened/kustomization.yaml": (
                "apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\n"
                "patches:\n  - path: patch.yaml\n"),
            f"{name}/components/hardened/patch.yaml": PATCH.format(name=name),
            f"{name}/overlays/staging/kustomization.yaml": (
                "resources: [../../base]\nnamespace: staging\nnamePrefix: stg-\n"),
            f"{name}/overlays/prod/kustomization.yaml": (
                "resources: [../../base]\ncomponents: [../../components/hardened]\nnamespace: prod\n"),
        }
        for relative, text in files.items():
            path = root / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text)
    return root


def timed(argv: list[str], cwd: Path, env: dict[str, str], repeat: int) -> float:
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(argv, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       check=False)
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--work", type=Path, default=Path("/tmp/kustomize-bench"))
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--before", metavar="REV", help="also time REV's scan of the same tree")
    args = parser.parse_args()
    if shutil.which("kubectl") is None:
        print("kubectl is not on PATH", file=sys.stderr)
        return 2
    shutil.rmtree(args.work, ignore_errors=True)
    tree = generate(args.work / "tree")
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "CI": "1"}
    scan = [sys.executable, "-m", "policycheck", "scan", str(tree), "--format", "json"]
    rows = []
    if args.before:
        checkout = args.work / "before"
        subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", str(checkout), args.before],
                       check=True, capture_output=True)
        try:
            before_env = {**env, "PYTHONPATH": str(checkout / "src")}
            rows.append((f"before ({args.before}), --jobs 1", timed([*scan, "--jobs", "1"], checkout,
                                                                    before_env, args.repeat)))
            rows.append((f"before ({args.before}), default --jobs", timed(scan, checkout, before_env,
                                                                          args.repeat)))
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(checkout)],
                           check=False, capture_output=True)
    rows.append(("cold, --jobs 1", timed([*scan, "--jobs", "1"], ROOT, env, args.repeat)))
    rows.append(("cold, default --jobs", timed(scan, ROOT, env, args.repeat)))
    cache = args.work / "cache"
    timed([*scan, "--cache-dir", str(cache)], ROOT, env, 1)
    rows.append(("warm --cache-dir", timed([*scan, "--cache-dir", str(cache)], ROOT, env, args.repeat)))
    print(f"| scan of 14 overlays + 7 bases (21 renders), median of {args.repeat} | wall s |")
    print("|---|---:|")
    for label, seconds in rows:
        print(f"| {label} | {seconds:.2f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
