"""Time the two HCL backends on the repository's .tf files.

Run: ``PYTHONPATH=src python benchmarks/hcl_parse.py [FILES...]`` (default: the HCL test corpus,
terraform_fixtures/ and examples/). Prints the median time per parse of each file and the
totals, in milliseconds.
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

from policycheck.loaders.hcl import parse_hcl

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = [ROOT / "tests/hcl/corpus", ROOT / "terraform_fixtures", ROOT / "examples"]


def median_ms(action: Callable[[], object], budget: float = 0.2) -> float:
    """The median wall time of ``action`` over as many runs as fit in ``budget`` seconds."""
    action()  # warm up (imports, caches)
    times: list[float] = []
    deadline = time.perf_counter() + budget
    while time.perf_counter() < deadline or len(times) < 5:
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main(arguments: list[str]) -> None:
    roots = [Path(a) for a in arguments] or DEFAULT
    files = sorted(p for r in roots for p in ([r] if r.is_file() else r.rglob("*.tf")))
    totals = {"tree-sitter": 0.0, "python-hcl2": 0.0}
    size = 0
    print(f"{'file':60} {'bytes':>7} {'tree-sitter':>12} {'python-hcl2':>12}")
    for path in files:
        text = path.read_text(encoding="utf-8")
        size += len(text.encode())
        row = {
            parser: median_ms(partial(parse_hcl, text, path.name, parser))
            for parser in totals
        }
        for parser, ms in row.items():
            totals[parser] += ms
        name = str(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
        print(f"{name[-60:]:60} {len(text.encode()):7} "
              f"{row['tree-sitter']:10.3f}ms {row['python-hcl2']:10.3f}ms")
    kib = size / 1024 or 1
    print(f"{'total':60} {size:7} {totals['tree-sitter']:10.3f}ms {totals['python-hcl2']:10.3f}ms")
    print(f"{'per KiB':60} {'':7} {totals['tree-sitter'] / kib:10.3f}ms "
          f"{totals['python-hcl2'] / kib:10.3f}ms")


if __name__ == "__main__":
    main(sys.argv[1:])
