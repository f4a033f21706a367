"""The Go/No-Go readiness report of ``policycheck checklist``.

Sources become :class:`~policycheck.readiness.evidence.Evidence` (``evidence``), people's answers
become attestations (``attestations``), the roll-up gives every checklist item a state
(``rollup``), the tier criteria give the decision (``decision``), ``report.assess`` ties them
together and ``render`` writes text, markdown, html or json. ``command.run_checklist`` is what
the CLI calls; ``coverage`` answers ``--coverage``.
"""
