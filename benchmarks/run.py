"""Benchmark policycheck (and checkov, side by side, when installed) on synthetic corpora.

Run from the repository root: ``python benchmarks/run.py`` (default sizes 500, 2100 and 4900
files; ``--help`` for options). For each size it generates the corpus with
:mod:`corpus` (kept under ``--work``), scans it and reports wall time, CPU time (user + system,
worker processes included) and peak memory (the RSS of the largest single process, and the
sampled sum of the proportional set size over the process tree, which counts pages that forked
workers share once), then the checkov/policycheck ratio, the pool's speed-up over ``--jobs 1``,
the per-file cost, how wall time grows with size, a rerun with a warm ``--cache-dir``, and the
start-up time of ``--version``, of an empty scan and of a 7-file scan, warm and cold.

policycheck runs as ``python -m policycheck`` from ``src/`` with byte-code caching on (an
installed wheel has its byte code compiled), under ``PYTHONPYCACHEPREFIX`` in the work
directory, and its policy index (``POLICYCHECK_INDEX_DIR``) there too; a cold run has neither.
Markdown goes to standard output; ``--json FILE`` also writes the numbers.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

from corpus import generate

ROOT = Path(__file__).resolve().parents[1]
CHECKOV_ENV = "POLICYCHECK_CHECKOV"
CHECKOV_FRAMEWORKS = ("terraform", "kubernetes", "dockerfile", "secrets")
SAMPLE_SECONDS = 0.05
STARTUP_S = 0.3
SMALL_S = 0.15
SMALL_FILES = 7
WALL_S = 15.0
RSS_MB = 1024
SPEEDUP = {2100: 20.0, 4900: 40.0}
"""checkov/policycheck wall ratio to reach, by corpus size (issue 15); 10x at other sizes."""
SPEEDUP_DEFAULT = 10.0
PEAK_MB = {2100: 150}
"""Peak memory (the larger of the largest RSS and the tree's PSS) to stay under, by size."""
PER_DOUBLING = 2.2
WARM_SHARE = 0.25


@dataclass
class Run:
    """One measured process."""

    command: list[str]
    wall: float
    cpu: float
    max_rss_mb: float
    tree_pss_mb: float | None
    exit_code: int


@dataclass
class Size:
    files: int
    policycheck: Run
    summary: dict[str, int]
    checkov: Run | None = None
    one_job: Run | None = None
    """The same scan with ``--jobs 1`` (the pool's speed-up is its wall over ``policycheck``'s)."""


@dataclass
class Report:
    environment: dict[str, str]
    startup: dict[str, float]
    sizes: list[Size] = field(default_factory=list)
    cache: dict[str, Run] = field(default_factory=dict)


def _descendants(pid: int) -> list[int]:
    """``pid`` and every process below it (Linux /proc)."""
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                stat = Path(entry.path, "stat").read_text()
            except OSError:
                continue
            parent = int(stat.rsplit(")", 1)[1].split()[1])
            children.setdefault(parent, []).append(int(entry.name))
    found, pending = [], [pid]
    while pending:
        current = pending.pop()
        found.append(current)
        pending.extend(children.get(current, ()))
    return found


def _pss_kb(pid: int) -> int:
    """The proportional set size of a process: its private pages plus its share of pages
    it shares (forked workers), so that summing over a tree counts each page once."""
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


class _TreeSampler(threading.Thread):
    """The peak of the summed PSS of a process tree, sampled every ``SAMPLE_SECONDS``."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.peak_kb = 0
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.wait(SAMPLE_SECONDS):
            self.peak_kb = max(self.peak_kb, sum(map(_pss_kb, _descendants(self.pid))))


def measure(command: Sequence[str], env: dict[str, str], stdout: Path | None = None) -> Run:
    """Run ``command`` to completion and measure it (``stdout`` to a file, else discarded)."""
    with tempfile.TemporaryFile() as stderr, \
            (stdout.open("wb") if stdout else open(os.devnull, "wb")) as sink:
        start = time.perf_counter()
        process = subprocess.Popen(list(command), env=env, stdout=sink, stderr=stderr)
        sampler = _TreeSampler(process.pid)
        if Path("/proc/self/status").exists():
            sampler.start()
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        sampler.done.set()
        if sampler.is_alive():
            sampler.join()
        exit_code = process.returncode = os.waitstatus_to_exitcode(status)
        if exit_code not in (0, 1):
            stderr.seek(0)
            message = stderr.read().decode("utf-8", "replace")[-2000:]
            raise RuntimeError(f"{' '.join(command)} exited {exit_code}:\n{message}")
    scale = 1024 if sys.platform == "darwin" else 1  # ru_maxrss: bytes on macOS, KiB on Linux
    return Run(
        command=list(command), wall=wall, cpu=usage.ru_utime + usage.ru_stime,
        max_rss_mb=usage.ru_maxrss / scale / 1024,
        tree_pss_mb=sampler.peak_kb / 1024 if sampler.peak_kb else None,
        exit_code=exit_code,
    )


def median_run(runs: list[Run]) -> Run:
    return sorted(runs, key=lambda r: r.wall)[len(runs) // 2]


class Bench:
    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.work: Path = args.work
        self.env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        self.env["PYTHONPATH"] = os.pathsep.join(
            [str(ROOT / "src"), *filter(None, [os.environ.get("PYTHONPATH")])])
        self.env["PYTHONPYCACHEPREFIX"] = str(self.work / "pycache")
        self.env["POLICYCHECK_INDEX_DIR"] = str(self.work / "index")
        self.checkov = None if args.no_checkov else find_checkov()

    def cold_env(self, run: int) -> dict[str, str]:
        """No byte code and no policy index yet: a first run after installing."""
        cold = self.work / "cold" / str(run)
        shutil.rmtree(cold, ignore_errors=True)
        return {**self.env, "PYTHONPYCACHEPREFIX": str(cold / "pycache"),
                "POLICYCHECK_INDEX_DIR": str(cold / "index")}

    def policycheck(self, *arguments: str) -> list[str]:
        return [sys.executable, "-m", "policycheck", *arguments]

    def scan(self, corpus: Path, output: Path, *extra: str) -> list[str]:
        ignore = ("--ignore", self.args.ignore) if self.args.ignore else ()
        return self.policycheck("scan", str(corpus), "--format", "json", "--output", str(output),
                                "--jobs", str(self.args.jobs), *ignore, *extra)

    def repeated(self, command: list[str], times: int) -> Run:
        return median_run([measure(command, self.env) for _ in range(times)])

    def corpus(self, files: int) -> Path:
        path = self.work / f"corpus-{files}-seed{self.args.seed}"
        if not (path / ".complete").exists():
            shutil.rmtree(path, ignore_errors=True)
            generate(path, files, self.args.seed)
            (path / ".complete").write_text("")
        return path

    def small(self) -> Path:
        """A 7-file directory: one service's Terraform root with its module, and its Dockerfile."""
        path = self.work / "small"
        if not (path / ".complete").exists():
            shutil.rmtree(path, ignore_errors=True)
            service = next((self.corpus(min(self.args.sizes)) / "services").iterdir())
            shutil.copytree(service / "terraform", path / "terraform")
            shutil.copy(service / "Dockerfile", path / "Dockerfile")
            (path / ".complete").write_text("")
        return path

    def startup(self) -> dict[str, float]:
        empty = self.work / "empty"
        empty.mkdir(parents=True, exist_ok=True)
        small = self.small()
        measure(self.policycheck("scan", str(empty)), self.env)  # compile byte code once
        times = self.args.startup_runs
        small_scan = self.policycheck("scan", str(small), "--format", "json", "--output",
                                      os.devnull, "--jobs", str(self.args.jobs))
        cold = [measure(small_scan, self.cold_env(i)) for i in range(times)]
        warm = self.repeated(small_scan, times)
        return {
            "version_s": self.repeated(self.policycheck("--version"), times).wall,
            "empty_scan_s": self.repeated(self.policycheck("scan", str(empty)), times).wall,
            "small_cold_s": median_run(cold).wall,
            "small_cold_cpu_s": median_run(cold).cpu,
            "small_warm_s": warm.wall,
            "small_warm_cpu_s": warm.cpu,
        }

    def size(self, files: int) -> Size:
        corpus = self.corpus(files)
        output = self.work / f"policycheck-{files}.json"
        run = self.repeated(self.scan(corpus, output), self.args.repeat)
        summary = json.loads(output.read_text(encoding="utf-8"))["summary"]
        one_job = None
        if self.args.jobs > 1:
            alone = self.scan(corpus, self.work / f"policycheck-{files}-jobs1.json")
            one_job = self.repeated([*alone[:-1], "1"], self.args.repeat)
        checkov = None
        if self.checkov:
            command = [self.checkov, "-d", str(corpus), "--framework", *CHECKOV_FRAMEWORKS,
                       "--skip-download", "--output", "json", "--quiet"]
            checkov = measure(command, self.env, stdout=self.work / f"checkov-{files}.json")
        return Size(files, run, summary, checkov, one_job)

    def cache(self, files: int) -> dict[str, Run]:
        """A cold scan filling an empty cache, a rerun with it warm, and a rerun after a change
    to one Terraform file (every other unit comes from the cache; the policies run again)."""
        corpus = self.corpus(files)
        directory = self.work / "cache"
        shutil.rmtree(directory, ignore_errors=True)
        command = self.scan(corpus, self.work / "cached.json", "--cache-dir", str(directory))
        runs = {"cold": measure(command, self.env), "warm": self.repeated(command, self.args.repeat)}
        changed = next(corpus.glob("services/*/terraform/main.tf"))
        original = changed.read_bytes()
        try:
            changed.write_bytes(original + b"# changed\n")
            runs["one_file_changed"] = measure(command, self.env)
        finally:
            changed.write_bytes(original)
        return runs

    def run(self) -> Report:
        report = Report(environment(self.checkov, self.env), self.startup())
        for files in self.args.sizes:
            report.sizes.append(self.size(files))
        report.cache = self.cache(max(self.args.sizes))
        return report


def find_checkov() -> str | None:
    configured = os.environ.get(CHECKOV_ENV)
    if configured:
        return configured
    venv = ROOT / ".venv-checkov" / "bin" / "checkov"
    return str(venv) if venv.exists() else shutil.which("checkov")


def environment(checkov: str | None, env: dict[str, str]) -> dict[str, str]:
    def version(command: list[str]) -> str:
        done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
        return (done.stdout or done.stderr).strip().splitlines()[-1]

    return {
        "python": platform.python_version(),
        "machine": f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPUs",
        "load_average": " ".join(f"{x:.2f}" for x in os.getloadavg()),
        "policycheck": version([sys.executable, "-m", "policycheck", "--version"]),
        "checkov": version([checkov, "--version"]) if checkov else "not installed",
    }


def _seconds(value: float) -> str:
    return f"{value:.2f}"


def _mb(value: float | None) -> str:
    return "-" if value is None else f"{value:.0f}"


def render(report: Report, args: argparse.Namespace) -> str:
    """The report as Markdown tables."""
    env = report.environment
    out = ["## Environment", ""]
    out += [f"- {name}: {value}" for name, value in env.items()]
    ignore = f" --ignore {args.ignore}" if args.ignore else ""
    out += [f"- policycheck scans run with `--jobs {args.jobs}{ignore}`", "", "## Start-up", "",
            "| command | wall (s) | target |", "|---|---:|---|",
            f"| `policycheck --version` | {_seconds(report.startup['version_s'])} | < 0.3 s |",
            f"| `policycheck scan EMPTY_DIR` | {_seconds(report.startup['empty_scan_s'])} | < 0.3 s |",
            f"| `policycheck scan` of {SMALL_FILES} files, warm | {_seconds(report.startup['small_warm_s'])} "
            f"(CPU {_seconds(report.startup['small_warm_cpu_s'])}) | < {SMALL_S} s |",
            f"| `policycheck scan` of {SMALL_FILES} files, cold (no byte code, no policy index) | "
            f"{_seconds(report.startup['small_cold_s'])} (CPU {_seconds(report.startup['small_cold_cpu_s'])}) | |",
            "", "## Scans", "",
            "| files | tool | wall (s) | CPU (s) | peak RSS, largest process (MB) | "
            "peak PSS, process tree (MB) | resources | failed | exit |",
            "|---:|---|---:|---:|---:|---:|---:|---:|---:|"]
    for size in report.sizes:
        run, summary = size.policycheck, size.summary
        out.append(f"| {size.files} | policycheck | {_seconds(run.wall)} | {_seconds(run.cpu)} | "
                   f"{_mb(run.max_rss_mb)} | {_mb(run.tree_pss_mb)} | {summary['resources']} | "
                   f"{summary['failed']} | {run.exit_code} |")
        if size.checkov:
            ck = size.checkov
            out.append(f"| {size.files} | checkov | {_seconds(ck.wall)} | {_seconds(ck.cpu)} | "
                       f"{_mb(ck.max_rss_mb)} | {_mb(ck.tree_pss_mb)} | | | {ck.exit_code} |")
    ratios = [(s.files, s.checkov.wall / s.policycheck.wall, s.checkov.cpu / s.policycheck.cpu)
              for s in report.sizes if s.checkov]
    if ratios:
        out += ["", "## checkov / policycheck", "", "| files | wall ratio | CPU ratio |",
                "|---:|---:|---:|"]
        out += [f"| {files} | {wall:.1f}x | {cpu:.1f}x |" for files, wall, cpu in ratios]
    pooled = [(s.files, s.one_job, s.policycheck) for s in report.sizes if s.one_job]
    if pooled:
        out += ["", f"## The pool (`--jobs 1` against `--jobs {args.jobs}`)", "",
                "| files | wall, 1 job (s) | CPU, 1 job (s) | wall, pool (s) | CPU, pool (s) | "
                "speed-up |", "|---:|---:|---:|---:|---:|---:|"]
        out += [f"| {files} | {_seconds(one.wall)} | {_seconds(one.cpu)} | {_seconds(run.wall)} | "
                f"{_seconds(run.cpu)} | {one.wall / run.wall:.2f}x |" for files, one, run in pooled]
    if len(report.sizes) > 1:
        first, last = report.sizes[0], report.sizes[-1]
        extra = last.files - first.files
        out += ["", "## Per-file cost (between the smallest and the largest corpus)", "",
                "| run | wall per file (ms) | CPU per file (ms) |", "|---|---:|---:|",
                f"| `--jobs {args.jobs}` | {1000 * (last.policycheck.wall - first.policycheck.wall) / extra:.2f} | "
                f"{1000 * (last.policycheck.cpu - first.policycheck.cpu) / extra:.2f} |"]
        if first.one_job and last.one_job:
            out.append(f"| `--jobs 1` | {1000 * (last.one_job.wall - first.one_job.wall) / extra:.2f} | "
                       f"{1000 * (last.one_job.cpu - first.one_job.cpu) / extra:.2f} |")
    out += ["", "## Growth (policycheck wall time)", "",
            "| from files | to files | size ratio | wall ratio | per doubling |", "|---:|---:|---:|---:|---:|"]
    for before, after in zip(report.sizes, report.sizes[1:], strict=False):
        out.append(f"| {before.files} | {after.files} | {after.files / before.files:.1f} | "
                   f"{after.policycheck.wall / before.policycheck.wall:.2f} | "
                   f"{per_doubling(before, after):.2f} |")
    cold, warm, changed = (report.cache[k] for k in ("cold", "warm", "one_file_changed"))
    plain = max(report.sizes, key=lambda s: s.files).policycheck
    out += ["", f"## Cache ({max(s.files for s in report.sizes)} files)", "",
            "| run | wall (s) | share of the cold scan without cache |", "|---|---:|---:|",
            f"| no cache | {_seconds(plain.wall)} | 100% |",
            f"| cold, filling `--cache-dir` | {_seconds(cold.wall)} | {cold.wall / plain.wall:.0%} |",
            f"| warm rerun | {_seconds(warm.wall)} | {warm.wall / plain.wall:.0%} |",
            f"| rerun after one Terraform file changed | {_seconds(changed.wall)} | "
            f"{changed.wall / plain.wall:.0%} |",
            "", "## Targets", "", "| target | measured | met |", "|---|---:|---|"]
    out += [f"| {name} | {value} | {'yes' if met else 'NO'} |" for name, value, met in targets(report)]
    return "\n".join([*out, ""])


def targets(report: Report) -> list[tuple[str, str, bool]]:
    """The issues' targets: (target, measured, met)."""
    largest = max(report.sizes, key=lambda s: s.files)
    run = largest.policycheck
    memory = max(run.max_rss_mb, run.tree_pss_mb or 0)
    small = report.startup["small_warm_s"]
    rows = [
        (f"`--version` under {STARTUP_S} s", f"{report.startup['version_s']:.2f} s",
         report.startup["version_s"] < STARTUP_S),
        (f"empty scan under {STARTUP_S} s", f"{report.startup['empty_scan_s']:.2f} s",
         report.startup["empty_scan_s"] < STARTUP_S),
        (f"{SMALL_FILES}-file scan under {SMALL_S} s", f"{small:.3f} s", small < SMALL_S),
        (f"{largest.files} files under {WALL_S:.0f} s", f"{run.wall:.2f} s", run.wall < WALL_S),
        (f"{largest.files} files under {RSS_MB} MB peak memory", f"{memory:.0f} MB",
         memory < RSS_MB),
    ]
    for size in report.sizes:
        peak = max(size.policycheck.max_rss_mb, size.policycheck.tree_pss_mb or 0)
        if size.files in PEAK_MB:
            rows.append((f"{size.files} files under {PEAK_MB[size.files]} MB peak memory",
                         f"{peak:.0f} MB", peak < PEAK_MB[size.files]))
        if size.checkov:
            ratio = size.checkov.wall / size.policycheck.wall
            wanted = SPEEDUP.get(size.files, SPEEDUP_DEFAULT)
            rows.append((f"{wanted:.0f}x faster than checkov at {size.files} files",
                         f"{ratio:.1f}x", ratio >= wanted))
    for before, after in zip(report.sizes, report.sizes[1:], strict=False):
        growth = per_doubling(before, after)
        rows.append((f"{before.files} -> {after.files} files: at most {PER_DOUBLING}x per doubling",
                     f"{growth:.2f}x", growth <= PER_DOUBLING))
    share = report.cache["warm"].wall / run.wall
    rows.append((f"warm-cache rerun under {WARM_SHARE:.0%} of the cold scan", f"{share:.0%}",
                 share < WARM_SHARE))
    return rows


def per_doubling(before: Size, after: Size) -> float:
    """The wall-time ratio per doubling of the corpus between two sizes."""
    ratio = after.policycheck.wall / before.policycheck.wall
    return float(ratio ** (1 / math.log2(after.files / before.files)))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=lambda t: sorted(int(x) for x in t.split(",")),
                        default=[500, 2100, 4900], help="corpus sizes in files (default 500,2100,4900)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1,
                        help="policycheck --jobs (default: the number of CPUs)")
    parser.add_argument("--repeat", type=int, default=1,
                        help="policycheck runs per measurement; the median is reported")
    parser.add_argument("--startup-runs", type=int, default=5)
    parser.add_argument("--seed", type=int, default=0, help="corpus seed")
    parser.add_argument("--work", type=Path, help="directory for corpora and outputs "
                        "(default: a new temporary directory)")
    parser.add_argument("--no-checkov", action="store_true",
                        help=f"do not run checkov (default: run ${CHECKOV_ENV}, .venv-checkov or "
                        "checkov on PATH when found)")
    parser.add_argument("--ignore", metavar="IDS", help="policycheck --ignore for every scan")
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write the numbers here")
    args = parser.parse_args(argv)
    args.work = (args.work or Path(tempfile.mkdtemp(prefix="policycheck-bench-"))).resolve()
    args.work.mkdir(parents=True, exist_ok=True)
    report = Bench(args).run()
    print(render(report, args))
    if args.json:
        args.json.write_text(json.dumps(asdict(report), indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
