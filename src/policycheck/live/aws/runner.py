"""The collector runner (`collect.py` in the contract; named runner so that it does not shadow
the package's `collect` function): accounts x regions x services on a bounded thread pool.

Global services are read once per account. Results keep a deterministic order (account, then
global services, then region by region, services in table order) whatever the pool's timing.
A shard (``AwsOptions.shard``) reads only the regions it owns (key ``ACCOUNT/REGION``) and, in
the one shard that owns key ``ACCOUNT``, the global services and account-level entries.

Each service read is logged (``policycheck.live.aws``, event ``collect.done``, with the number of
items the service listed and the seconds it took); each NOT ASSESSED entry is a warning.
"""

from __future__ import annotations

import dataclasses
import logging
import os
import sys
import threading
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from types import ModuleType

from policycheck.live.aws.api import Shared
from policycheck.live.aws.errors import NotAssessedError, UndeclaredOperationError
from policycheck.live.aws.meter import ApiMeter
from policycheck.live.aws.module import actions, kinds
from policycheck.live.aws.options import AwsOptions
from policycheck.live.aws.raw import AccountRead, RawCollection, ServiceRead
from policycheck.live.aws.scope import SOURCE
from policycheck.live.aws.session import Account, enabled_regions, open_accounts, role_account
from policycheck.model import NotAssessed

LOG = logging.getLogger("policycheck.live.aws")


class Progress:
    """One line on stderr per account/region/service read (only when asked for)."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self._lock = threading.Lock()

    def report(self, account: str, region: str, service: str, outcome: str) -> None:
        if self.enabled:
            with self._lock:
                print(f"aws {account} {region or 'global'} {service}: {outcome}", file=sys.stderr, flush=True)


def progress_wanted(json_to_stdout: bool) -> bool:
    """Progress lines only on a terminal, never in CI or when JSON goes to standard output."""
    return sys.stderr.isatty() and not os.environ.get("CI") and not json_to_stdout


def gap(account: str, region: str, service: str, error: NotAssessedError,
        kinds_left: Sequence[str]) -> NotAssessed:
    """A NOT ASSESSED entry, logged as a warning (with the redacted reason it carries)."""
    entry = NotAssessed(source=SOURCE, account=account, where=region, service=service,
                        call=error.operation, permission=error.permission, reason=error.reason,
                        kinds=tuple(kinds_left))
    LOG.warning("NOT ASSESSED: %s %s: %s", service, error.operation, entry.reason,
                extra={"event": "collect.not_assessed", "account": account, "region": region or "global",
                       "service": service, "call": error.operation})
    return entry


def listed(data: dict[str, object]) -> int:
    """How many items a service's raw data holds (the lengths of its top-level lists)."""
    return sum(len(value) for value in data.values() if isinstance(value, list))


def read_service(account: Account, module: ModuleType, region: str, progress: Progress,
                 limits: Shared) -> ServiceRead:
    siblings = {name: ops for name, ops in actions(module).items() if name != module.SERVICE}
    api = account.api(module.SERVICE, module.ACTIONS, region, siblings, limits=limits)
    started = time.monotonic()
    try:
        data = module.collect(api)
    except NotAssessedError as error:
        progress.report(account.account, region, module.SERVICE, f"NOT ASSESSED ({error.code})")
        return ServiceRead(module.SERVICE, region,
                           not_assessed=gap(account.account, region, module.SERVICE, error, module.KINDS))
    except UndeclaredOperationError:
        raise
    except Exception as error:  # a collector crash leaves its kinds unread, never passing
        failure = NotAssessedError("collect", "-", type(error).__name__, str(error))
        return ServiceRead(module.SERVICE, region,
                           not_assessed=gap(account.account, region, module.SERVICE, failure, module.KINDS))
    progress.report(account.account, region, module.SERVICE, "read")
    LOG.info("collected %s", module.SERVICE, extra={
        "event": "collect.done", "account": account.account, "region": region or "global",
        "service": module.SERVICE, "count": listed(data), "seconds": round(time.monotonic() - started, 3)})
    return ServiceRead(module.SERVICE, region, data=data)


def own_roles(options: AwsOptions) -> AwsOptions | None:
    """``options`` without the roles of accounts a shard owns no key of, when the regions are
    given (each assumed account costs a session's memory and two STS calls); None when no role
    is left, so that the caller's own account is not audited in their place."""
    roles = [*((options.role_arn,) if options.role_arn else ()), *options.accounts]
    if options.shard is None or not options.regions or not roles:
        return options

    def needed(role: str) -> bool:
        account = role_account(role)
        return options.owns_account(account) or bool(options.owned_regions(account, options.regions))

    kept = [role for role in roles if needed(role)]
    return dataclasses.replace(options, role_arn=None, accounts=tuple(kept)) if kept else None


def gather(options: AwsOptions, modules: Sequence[ModuleType]) -> RawCollection:
    """Read every selected service of every account and region (the raw snapshot payload)."""
    every_kind = kinds(modules)
    meter = ApiMeter()
    options = dataclasses.replace(options, event_hooks=(*options.event_hooks, *meter.hooks()))
    raw = RawCollection(services=[m.SERVICE for m in modules])
    progress = Progress(options.progress)
    owned = own_roles(options)
    accounts, failed = open_accounts(owned) if owned is not None else ([], [])
    for role, error in failed:
        if options.owns_account(role_account(role)):
            raw.not_assessed.append(gap(role_account(role), "", "sts", error, every_kind))
    plans: list[tuple[AccountRead, list[tuple[Account, ModuleType, str]]]] = []
    while accounts:  # an account that is not planned lets its session go
        account = accounts.pop(0)
        read = AccountRead(account.account, account.scope.partition,
                           account_level=options.owns_account(account.account))
        try:
            # every shard lists the same regions (sorted), then keeps its own
            regions = list(options.regions) or enabled_regions(account)
        except NotAssessedError as error:
            if read.account_level:
                raw.not_assessed.append(gap(account.account, "", "ec2", error, every_kind))
            continue
        read.regions = options.owned_regions(account.account, regions)
        if not read.account_level and not read.regions:
            continue
        tasks: list[tuple[Account, ModuleType, str]] = [
            (account, m, "") for m in modules if m.GLOBAL and read.account_level]
        tasks += [(account, m, region) for region in read.regions for m in modules if not m.GLOBAL]
        plans.append((read, tasks))
        raw.accounts.append(read)
    limits = Shared(in_flight=threading.BoundedSemaphore(options.max_workers), fanout=options.max_workers)
    with ThreadPoolExecutor(max_workers=options.max_workers) as pool:
        futures = [(read, [pool.submit(read_service, *task, progress, limits) for task in tasks])
                   for read, tasks in plans]
        for read, pending in futures:
            read.reads = [future.result() for future in pending]
    raw.api_calls, raw.api_throttles = dict(sorted(meter.calls.items())), dict(sorted(meter.throttles.items()))
    return raw
