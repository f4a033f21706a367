"""One module per AWS service (boto3 client name); each has ``SERVICE``, ``GLOBAL``, ``ACTIONS``,
``KINDS``, ``collect(api) -> raw`` and the pure ``normalise(raw, scope) -> resources``, and may
declare ``CLIENT_ACTIONS`` (``{"s3control": {...}}``) for a second client it reaches through
``api.sibling("s3control")``. The table of modules is ``policycheck.live.aws.ALL_SERVICES``."""
