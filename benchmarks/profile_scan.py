"""A cProfile summary of one ``policycheck scan`` in this process, timed in CPU seconds.

Run from the repository root: ``PYTHONPATH=src python benchmarks/profile_scan.py CORPUS``
(``--jobs 1`` is implied: a profile sees one process). The profiler's clock is the process's
CPU time, so that other work on a shared machine does not show up as time spent in a function;
profiling still slows Python code down several times, so read the shares, not the seconds.
Prints the total, the CPU of each phase (imports and policy registry, loading, judging,
reporting) and the functions with the most cumulative and own time. ``--out FILE`` keeps the
raw profile (``python -m pstats FILE``).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import sys
import time
from pathlib import Path

PHASES = (
    ("start-up: imports and policy registry", ("cli/options.py", "scan_setup")),
    ("discovery", ("loaders/discovery.py", "discover")),
    ("units", ("loaders/__init__.py", "schedule")),
    ("loading (parse and evaluate)", ("engine/parallel.py", "_load")),
    ("judging (policies)", ("engine/runner.py", "_judge")),
    ("reporting (render)", ("reporters/__init__.py", "render")),
)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args(argv)
    profile = cProfile.Profile(time.process_time)
    from policycheck.cli import main as policycheck

    with open(os.devnull, "w", encoding="utf-8") as sink:
        stdout, sys.stdout = sys.stdout, sink
        try:
            profile.runcall(policycheck, ["scan", str(args.corpus), "--format", "json",
                                          "--jobs", "1"])
        finally:
            sys.stdout = stdout
    stats = pstats.Stats(profile)
    if args.out:
        stats.dump_stats(args.out)
    total = max(entry[3] for entry in stats.stats.values())  # type: ignore[attr-defined]
    print(f"total CPU under the profiler: {total:.2f} s")
    for name, (file, function) in PHASES:
        spent = sum(entry[3] for (path, _, func), entry in stats.stats.items()  # type: ignore[attr-defined]
                    if path.endswith(file) and func == function)
        print(f"  {name}: {spent:.2f} s ({spent / total:.0%})")
    for order in ("cumulative", "tottime"):
        text = io.StringIO()
        pstats.Stats(profile, stream=text).sort_stats(order).print_stats(args.top)
        lines = text.getvalue().splitlines()
        start = next(i for i, line in enumerate(lines) if line.lstrip().startswith("ncalls"))
        print(f"\nby {order} time:")
        print("\n".join(line.replace(str(Path.cwd()) + "/", "") for line in lines[start:] if line))


if __name__ == "__main__":
    main()
