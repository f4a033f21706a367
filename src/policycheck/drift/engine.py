"""A drift run: match declared and live, compute the PC-DRIFT findings and the summary, and
judge them with the live report (suppressions, baseline, gate, every output format)."""

from __future__ import annotations

from dataclasses import replace

from policycheck.drift.findings import DRIFT_IDS, UNMANAGED, FindingMaker, Judged, drifted, missing, unmanaged, weaker
from policycheck.drift.ignore import Ignore
from policycheck.drift.match import Matching, match, top_of
from policycheck.drift.model import Declared, DriftOptions
from policycheck.drift.sides import AwsSide, K8sSide
from policycheck.engine.live import LiveCollection, LiveOptions, judge_live, withheld
from policycheck.engine.registry import Registry
from policycheck.engine.report import DriftSummary, ScanReport
from policycheck.engine.runner import Selection, run_policies
from policycheck.engine.scan import policy_params
from policycheck.engine.selection import select_policies
from policycheck.model import Resource, ResourceGraph


def _judging(registry: Registry, options: LiveOptions, source: str) -> Selection:
    """The non-drift policies of ``source`` that judge both sides (PC-DRIFT-003/004): the
    selected ones, or all of them when only drift policies were selected."""
    chosen = [p for p in select_policies(registry, options.select, options.ignore)
              if p.id not in DRIFT_IDS and source in p.sources]
    if not chosen:
        chosen = [p for p in select_policies(registry, (), options.ignore)
                  if p.id not in DRIFT_IDS and source in p.sources]
    return Selection(chosen, options.config.severity, policy_params(options.config, chosen))


def _judge(selection: Selection, declared: list[Resource], collection: LiveCollection) -> Judged:
    declared_graph = ResourceGraph(declared)
    live_graph = ResourceGraph(collection.resources)
    live = run_policies(live_graph, selection).findings
    by_id = {p.id: p for p in selection.policies}
    gaps = collection.not_assessed
    live = [f for f in live if not (gaps and withheld(f, by_id[f.policy_id], gaps))]
    return Judged(run_policies(declared_graph, selection).findings, live, declared_graph, live_graph, selection)


def run_drift(declared: Declared, collection: LiveCollection, side: AwsSide | K8sSide,
              options: DriftOptions, live_options: LiveOptions, registry: Registry,
              live: list[Resource] | None = None) -> ScanReport:
    """The drift report of ``declared`` against ``collection`` (``live``: every live object to
    match, when it is more than the judged ``collection.resources``, such as owned Pods)."""
    source = collection.source
    gates = {p.id: p for p in select_policies(registry, live_options.select, live_options.ignore)
             if p.id in DRIFT_IDS}
    if not gates and live_options.select:
        gates = {p.id: p for p in select_policies(registry, (), live_options.ignore) if p.id in DRIFT_IDS}
    if options.only_managed:
        gates.pop(UNMANAGED, None)
    everything = live if live is not None else collection.resources
    side.graph = ResourceGraph(everything)
    matching = match(declared.resources, everything, side, Ignore(options.ignore))
    # the declared side is judged as the live source, so the same policies run on it
    as_judged = {id(r): replace(r, source=source) for r in declared.resources}
    selection = _judging(registry, live_options, source)
    judged = _judge(selection, [as_judged[id(p.declared)] for p in matching.pairs], collection)
    maker = FindingMaker(gates, selection, source)
    parents = {id(child): top_of(child, side) for child in matching.folded}
    found = [*missing(maker, matching), *unmanaged(maker, matching, parents)]
    changed, drifted_ids = drifted(maker, matching, judged, as_judged)
    weakened, weakened_ids = weaker(maker, matching, judged, as_judged)
    summary = summarise(matching, drifted_ids | weakened_ids)
    report = judge_live(collection, replace(live_options, select=list(gates) or ["PC-DRIFT"]), registry,
                        extra_findings=[*found, *changed, *weakened], extra_policies=list(gates.values()),
                        drift=summary)
    report.errors = [*declared.errors, *report.errors]
    report.warnings = list(dict.fromkeys([*declared.warnings, *report.warnings, *_not_compared(matching)]))
    report.files += declared.files
    return report


def _not_compared(matching: Matching) -> list[str]:
    """A warning naming the declared resources the live side did not cover (never a silent pass)."""
    skipped = [r for r in matching.uncovered if r.change != "create"]
    if not skipped:
        return []
    shown = ", ".join(r.address for r in skipped[:5]) + (f" and {len(skipped) - 5} more" if len(skipped) > 5 else "")
    return [f"{len(skipped)} declared resource{'s were' if len(skipped) != 1 else ' was'} not compared: "
            f"the live side did not read their type, region or namespace ({shown})"]


def summarise(matching: Matching, drifted_ids: set[int]) -> DriftSummary:
    return DriftSummary(managed=matching.managed, missing=len(matching.missing),
                        unmanaged=len(matching.unmanaged), drifted=len(drifted_ids),
                        live=matching.live, ignored=len(matching.ignored))
