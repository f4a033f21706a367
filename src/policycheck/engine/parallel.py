"""Loading and judging across processes (``--jobs``), with the output of a single process.

Loading: the units of :func:`policycheck.loaders.schedule` load in a process pool and their results
come back in schedule order. Judging: once the graph is built, a pool forked from this process
(inheriting the graph and the policies) runs the resource-scoped policies on the resources,
taken by stride, while this process runs the graph-scoped ones; each resource's findings are
put back in resource order, the order of a single-process run. ``jobs=1`` and small scans run
in-process with no pool; judging also stays in-process where ``fork`` is not available.
"""

from __future__ import annotations

import contextlib
import gc
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from policycheck.engine.pickling import dumps, loads
from policycheck.engine.runner import (
    RunOutcome,
    Schedule,
    Selection,
    add_counts,
    judge_graph,
    judge_graph_parts,
    judge_resources,
    schedule_run,
)
from policycheck.loaders import LOADERS, units_of
from policycheck.loaders.base import LoadOptions, LoadResult, SourceFile, Unit
from policycheck.loaders.discovery import Discovered
from policycheck.loaders.limits import LoadTimeout, deadline
from policycheck.model import Resource, ResourceGraph, ScanError

if TYPE_CHECKING:
    from multiprocessing.context import BaseContext

    from policycheck.engine.cache import Cache

MIN_UNITS_PER_JOB = 64
"""Below this many units to load per process, a pool costs more than it saves."""
MIN_RESOURCES_PER_JOB = 1000
"""Likewise for resources to judge."""
TASKS_PER_JOB = 8
"""Work is cut into this many tasks per process, so a slow task does not idle the others."""

JUDGED_IN_WORKERS = frozenset({"terraform"})
"""Loaders whose units hold whole roots (every resource's root is judged on its own graph), so
a worker can judge them where it loads them and send back only the findings."""
MIN_BYTES_PER_JOB = 64 * 1024
"""Below this many bytes of source per process, loading and judging in place is faster than
forking workers (measured: benchmarks/README.md)."""

T = TypeVar("T")

_options: LoadOptions | None = None
_schedule: Schedule | None = None
_units: Sequence[Unit] = ()
_selection: Selection | None = None


def _processes(jobs: int, items: int, minimum: int) -> int:
    """How many processes ``items`` pieces of work deserve; 1 means in-process."""
    return max(1, min(jobs, items // minimum))


def _context() -> BaseContext:
    """``fork`` where it is safe (children inherit the loaded policies and graph), else spawn."""
    import multiprocessing

    if sys.platform != "darwin" and "fork" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


def _load(unit: Unit, options: LoadOptions) -> LoadResult:
    """The unit's result; a unit past its time limit, or one its loader fails on, is an error
    entry for each of its files (never a traceback, and the other units still load)."""
    loader = LOADERS[unit.loader]
    try:
        with deadline(options.limits.file_timeout):
            result: LoadResult = loader.load(list(unit.files), options)
    except LoadTimeout as exc:
        return _unjudged(unit, f"not judged: loading {exc} (limits: file-timeout)")
    except (RecursionError, MemoryError) as exc:
        return _unjudged(unit, f"not judged: {type(exc).__name__} while loading (too deeply "
                         "nested or too large)")
    except Exception as exc:  # a loader bug must not end the scan or judge nothing as a pass
        return _unjudged(unit, f"not judged: internal error while loading: {type(exc).__name__}: "
                         f"{exc}")
    return result


def _unjudged(unit: Unit, message: str) -> LoadResult:
    gc.collect()
    return LoadResult(errors=[ScanError(f.display, 1, message) for f in unit.files],
                      files=len(unit.files))


def _init_loading(options: LoadOptions) -> None:
    global _options
    _options = options


def _load_pickled(unit: Unit) -> bytes:
    assert _options is not None, "worker not initialised"
    return dumps(_load(unit, _options))


def load_units(units: Sequence[Unit], options: LoadOptions, jobs: int,
               cache: Cache | None = None, render_jobs: int | None = None) -> list[LoadResult]:
    """Each unit's result, in the order of ``units``; ``cache`` supplies and keeps results.
    Rendering units run on ``render_jobs`` threads (default ``jobs``): they wait on a
    subprocess, so they gain even where a process pool would not pay."""
    keys = [cache.key(unit) if cache else None for unit in units]
    results: list[LoadResult | None] = [cache.get(key) if cache and key else None for key in keys]
    missing = [index for index, result in enumerate(results) if result is None]
    rendering = [i for i in missing if units[i].loader in RENDERING_LOADERS]
    threads = jobs if render_jobs is None else render_jobs
    if threads > 1 and len(rendering) > 1:
        _render_concurrently(units, rendering, options, threads, results, keys, cache)
        missing = [index for index in missing if results[index] is None]
    processes = _processes(jobs, len(missing), MIN_UNITS_PER_JOB)
    if processes == 1:
        for index in missing:
            result = results[index] = _load(units[index], options)
            key = keys[index]
            if cache and key:
                cache.put(key, dumps(result))
    else:
        chunk = max(1, len(missing) // (processes * TASKS_PER_JOB))
        with _context().Pool(processes, _init_loading, (options,)) as pool:
            produced = pool.imap(_load_pickled, [units[i] for i in missing], chunk)
            for index, data in zip(missing, produced, strict=True):
                key = keys[index]
                if cache and key:
                    cache.put(key, data)
                results[index] = loads(data)
    return [result for result in results if result is not None]


RENDERING_LOADERS = frozenset({"kustomize", "helm"})
"""Loaders whose time is spent in a subprocess (kubectl, helm): their units run on threads."""


def _render_concurrently(units: Sequence[Unit], indexes: Sequence[int], options: LoadOptions, jobs: int,
                         results: list[LoadResult | None], keys: Sequence[str | None],
                         cache: Cache | None) -> None:
    """Load the rendering units ``indexes`` on ``jobs`` threads: the renderers run as
    subprocesses side by side while this process waits, however few units there are."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=min(2 * jobs, len(indexes))) as pool:
        for index, result in zip(indexes, pool.map(lambda i: _load(units[i], options), indexes),
                                 strict=True):
            results[index] = result
            key = keys[index]
            if cache and key:
                cache.put(key, dumps(result))


def _judge_stride(stride: tuple[int, int]) -> bytes:
    """The outcome for resources ``start, start + step, ...`` and how many findings and errors
    each of them produced, pickled."""
    assert _schedule is not None, "worker not forked from a judging process"
    start, step = stride
    outcome = RunOutcome()
    counts: list[tuple[int, int]] = []
    for resource in _schedule.graph.resources[start::step]:
        findings, errors = len(outcome.findings), len(outcome.errors)
        judge_resources(_schedule, (resource,), outcome)
        counts.append((len(outcome.findings) - findings, len(outcome.errors) - errors))
    return dumps((outcome, counts))


def judge(schedule: Schedule, jobs: int, cache: Cache | None = None) -> RunOutcome:
    """Every finding and error of ``schedule``, in single-process order; ``cache`` keeps the
    outcome of a scan whose sources it has all seen."""
    key = cache.outcome_key(schedule) if cache else None
    if cache and key:
        outcome = cache.get_outcome(key)
        if outcome is None:
            outcome = _judge(schedule, jobs)
            cache.put_outcome(key, outcome)
        return outcome
    return _judge(schedule, jobs)


def _judge(schedule: Schedule, jobs: int) -> RunOutcome:
    """Workers take resources by stride (costly kinds cluster in the resource order), and the
    parent puts each resource's findings and errors back in place."""
    global _schedule
    outcome = RunOutcome()
    total = len(schedule.graph)
    processes = _processes(jobs, total, MIN_RESOURCES_PER_JOB)
    context = _context() if processes > 1 else None
    if context is None or context.get_start_method() != "fork":
        judge_graph(schedule, outcome)
        judge_resources(schedule, schedule.graph, outcome)
        return outcome
    step = processes * TASKS_PER_JOB
    per_resource = [RunOutcome()] * total  # placeholders, each replaced below
    _schedule = schedule
    gc.freeze()  # workers then leave the inherited objects' pages shared, not collect them
    try:
        with context.Pool(processes) as pool:
            parts = pool.imap(_judge_stride, [(start, step) for start in range(step)])
            judge_graph(schedule, outcome)
            for start, data in enumerate(parts):
                part, counts = loads(data)
                add_counts(outcome.passed, part.passed)
                findings = errors = 0
                for index, (more_findings, more_errors) in zip(range(start, total, step), counts,
                                                               strict=True):
                    per_resource[index] = RunOutcome(
                        part.findings[findings:findings + more_findings],
                        part.errors[errors:errors + more_errors])
                    findings += more_findings
                    errors += more_errors
    finally:
        _schedule = None
        gc.unfreeze()
    for piece in per_resource:
        outcome.add(piece)
    return outcome


@dataclass(slots=True)
class UnitOutcome:
    """What a worker sends back for a unit it loaded: the loader's result without the
    resources of the units it judged (their findings instead)."""

    loaded: LoadResult
    resources: int = 0
    """How many resources the unit had."""
    suppressed: list[Resource] = field(default_factory=list)
    """The judged resources that carry inline suppressions, in order."""
    graph: dict[tuple[int, str], RunOutcome] = field(default_factory=dict)
    """Graph-scoped rules' outcome by rule position and root."""
    outcome: RunOutcome = field(default_factory=RunOutcome)
    """Resource-scoped rules' outcome, in resource order."""


@dataclass(slots=True)
class Pooled:
    """A scan loaded and judged by :func:`load_and_judge`: everything the report needs."""

    loaded: LoadResult
    """The loaders' errors, warnings, file count and plans, in schedule order (no resources)."""
    outcome: RunOutcome
    """In single-process order."""
    resources: int
    suppressed: list[Resource]
    """Every resource that carries an inline suppression, in graph order."""


def _load_and_judge(batch: tuple[int | Unit, ...]) -> bytes:
    """Load each unit of ``batch`` (an index into the inherited shared units, or a unit sent
    along); judge those of :data:`JUDGED_IN_WORKERS` right here."""
    return dumps([_unit_outcome(item) for item in batch])


def _unit_outcome(item: int | Unit) -> UnitOutcome:
    assert _options is not None and _selection is not None, "not called from load_and_judge"
    unit = _units[item] if isinstance(item, int) else item
    result = _load(unit, _options)
    if unit.loader not in JUDGED_IN_WORKERS:
        return UnitOutcome(result)
    schedule = schedule_run(ResourceGraph(result.resources), _selection)
    outcome = RunOutcome()
    judge_resources(schedule, schedule.graph, outcome)
    resources, result.resources = result.resources, []
    return UnitOutcome(result, len(resources), [r for r in resources if r.suppressions],
                       judge_graph_parts(schedule), outcome)


def _size(sources: Iterable[SourceFile]) -> int:
    size = 0
    for source in sources:
        with contextlib.suppress(OSError):  # the loader reports it
            size += os.stat(source.path).st_size
    return size


def pool_size(units: Sequence[Unit], jobs: int) -> int:
    """How many processes ``units`` deserve; 1: none (under :data:`MIN_BYTES_PER_JOB` bytes of
    source per process, or ``jobs`` is 1)."""
    if jobs == 1:
        return 1
    return _processes(jobs, _size(f for unit in units for f in unit.files), MIN_BYTES_PER_JOB)


def _batches(items: Sequence[T], tasks: int) -> list[tuple[T, ...]]:
    size = max(1, -(-len(items) // tasks))
    return [tuple(items[i:i + size]) for i in range(0, len(items), size)]


def load_and_judge_claimed(claimed: Discovered, options: LoadOptions, selection: Selection,
                           jobs: int) -> Pooled | None:
    """:func:`load_and_judge` of the claimed files when it suits them, else ``None``.

    It suits them when a third of the files at least are Terraform (a Terraform file costs
    several times a manifest; with fewer, judging the shared root in this process would take
    longer than the workers' share, and a judging pool pays for the pickling), there are no
    plans (their gates compare whole graphs), workers can be forked and the sources are large
    enough for a pool (:data:`MIN_BYTES_PER_JOB`). The Terraform units are listed only once
    the workers run (finding the modules each root calls reads every file)."""
    if jobs == 1:
        return None
    shared = units_of(claimed, [name for name in LOADERS if name not in JUDGED_IN_WORKERS],
                      inputs=False)
    judged_files = claimed.terraform  # the files of the JUDGED_IN_WORKERS units
    if not judged_files:
        return None
    files = len(judged_files) + sum(len(unit.files) for unit in shared)
    if 3 * len(judged_files) < files or any(unit.loader == "plan" for unit in shared):
        return None
    directories: dict[Path, list[SourceFile]] = {}
    for source in judged_files:
        directories.setdefault(source.path.parent, []).append(source)
    sizes = {directory: _size(files) for directory, files in directories.items()}
    size = sum(sizes.values()) + _size(f for unit in shared for f in unit.files)
    processes = _processes(jobs, size, MIN_BYTES_PER_JOB)
    if processes == 1 or _context().get_start_method() != "fork":  # (imports multiprocessing)
        return None
    smallest = min(sizes, key=sizes.__getitem__)  # its load is done twice: keep it cheap
    warm = Unit("terraform", tuple(directories[smallest]), None)
    return load_and_judge(shared, lambda: units_of(claimed, JUDGED_IN_WORKERS, inputs=False),
                          warm, options, selection, processes)


def load_and_judge(shared: Sequence[Unit], judged: Callable[[], list[Unit]], warm: Unit,
                   options: LoadOptions, selection: Selection, processes: int) -> Pooled:
    """Load and judge in ``processes`` forked workers, with the report of one process.

    Workers inherit the policies. The units ``judged()`` lists (of :data:`JUDGED_IN_WORKERS`,
    before ``shared`` in schedule order) are loaded and judged in the workers, which send back
    only their findings; ``judged()`` runs in this process while the workers load the
    ``shared`` units, whose resources (all of the one root ``""``) come back first: this
    process judges them while the workers go on. ``warm`` (the smallest Terraform directory)
    is loaded and judged here first, and its outcome dropped: the modules and caches it fills
    are inherited by every worker."""
    global _options, _units, _selection
    _options, _units, _selection = options, shared, selection
    rest = RunOutcome()
    listed: list[Unit] = []
    try:
        # The first unit of each loader loads here: the loader's modules (imported on first
        # use) and the policies' first-use caches are then inherited by every worker.
        firsts = {unit.loader: index for index, unit in reversed(list(enumerate(shared)))}
        parts = {index: _unit_outcome(index) for index in sorted(firsts.values())}
        _unit_outcome(warm)
        shared_batches = _batches([i for i in range(len(shared)) if i not in parts],
                                  processes * TASKS_PER_JOB)

        def tasks() -> Iterator[tuple[int | Unit, ...]]:  # consumed by the pool's feeder thread
            yield from shared_batches
            listed.extend(judged())
            yield from _batches(listed, processes * TASKS_PER_JOB)

        gc.freeze()  # workers leave the inherited objects' pages shared rather than collect them
        with _context().Pool(processes) as pool:
            produced = pool.imap(_load_and_judge, tasks())
            for batch in shared_batches:
                parts.update(zip(batch, loads(next(produced)), strict=True))
            rest_resources, rest_graph = _judge_shared(len(shared), parts, selection, rest)
            own = [part for data in produced for part in loads(data)]
    finally:
        _options, _units, _selection = None, (), None
        gc.unfreeze()
    return _merge([*own, *(parts[i] for i in range(len(shared)))], rest, rest_graph,
                  rest_resources)


def _judge_shared(count: int, parts: dict[int, UnitOutcome], selection: Selection,
                  outcome: RunOutcome) -> tuple[list[Resource], dict[tuple[int, str], RunOutcome]]:
    """Judge the resources of the ``count`` shared units (moved out of their results) into
    ``outcome``."""
    resources: list[Resource] = []
    for index in range(count):
        resources.extend(parts[index].loaded.resources)
        parts[index].loaded.resources = []
    schedule = schedule_run(ResourceGraph(resources), selection)
    judge_resources(schedule, schedule.graph, outcome)
    return resources, judge_graph_parts(schedule)


def _merge(parts: Sequence[UnitOutcome], rest: RunOutcome,
           rest_graph: dict[tuple[int, str], RunOutcome], rest_resources: list[Resource]) -> Pooled:
    """Put the pieces in the order of a single-process run: graph-scoped rules by rule and
    root, then every resource's findings in schedule order (judged units come first)."""
    loaded = LoadResult()
    graph_parts = dict(rest_graph)
    outcome = RunOutcome()
    suppressed: list[Resource] = []
    count = len(rest_resources)
    for part in parts:  # in schedule order
        loaded.extend(part.loaded)
        graph_parts.update(part.graph)
        outcome.add(part.outcome)
        suppressed.extend(part.suppressed)
        count += part.resources
    merged = RunOutcome()
    for key in sorted(graph_parts):  # by rule position, then root: judge_graph's order
        merged.add(graph_parts[key])
    merged.add(outcome)
    merged.add(rest)
    suppressed.extend(r for r in rest_resources if r.suppressions)
    return Pooled(loaded, merged, count, suppressed)
