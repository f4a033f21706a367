"""Loading and judging across processes (``--jobs``), with the output of a single process.

Loading: the units of :func:`policycheck.loaders.schedule` load in a process pool and their results
come back in schedule order. Judging: once the graph is built, a pool forked from this process
(inheriting the graph and the policies) runs the resource-scoped policies on the resources,
taken by stride, while this process runs the graph-scoped ones; each resource's findings are
put back in resource order, the order of a single-process run. ``jobs=1`` and small scans run
in-process with no pool; judging also stays in-process where ``fork`` is not available.
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from policycheck.engine.pickling import dumps, loads
from policycheck.engine.runner import RunOutcome, Schedule, judge_graph, judge_resources
from policycheck.loaders import LOADERS
from policycheck.loaders.base import LoadOptions, LoadResult, Unit
from policycheck.loaders.limits import LoadTimeout, deadline
from policycheck.model import ScanError

if TYPE_CHECKING:
    from multiprocessing.context import BaseContext

    from policycheck.engine.cache import Cache

MIN_UNITS_PER_JOB = 64
"""Below this many units to load per process, a pool costs more than it saves."""
MIN_RESOURCES_PER_JOB = 1000
"""Likewise for resources to judge."""
TASKS_PER_JOB = 8
"""Work is cut into this many tasks per process, so a slow task does not idle the others."""

_options: LoadOptions | None = None
_schedule: Schedule | None = None


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
               cache: Cache | None = None) -> list[LoadResult]:
    """Each unit's result, in the order of ``units``; ``cache`` supplies and keeps results."""
    keys = [cache.key(unit) if cache else None for unit in units]
    results: list[LoadResult | None] = [cache.get(key) if cache and key else None for key in keys]
    missing = [index for index, result in enumerate(results) if result is None]
    rendering = [i for i in missing if units[i].loader in RENDERING_LOADERS]
    if jobs > 1 and len(rendering) > 1:
        _render_concurrently(units, rendering, options, jobs, results, keys, cache)
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

    with ThreadPoolExecutor(max_workers=min(jobs, len(indexes))) as pool:
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
    context = _context()
    total = len(schedule.graph)
    processes = _processes(jobs, total, MIN_RESOURCES_PER_JOB)
    if processes == 1 or context.get_start_method() != "fork":
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
        outcome.findings.extend(piece.findings)
        outcome.errors.extend(piece.errors)
    return outcome
