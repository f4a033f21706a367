"""The collector runner (`collect.py` in the contract; named runner so that it does not shadow
the package's `collect` function): accounts x regions x services on a bounded thread pool.

Global services are read once per account. Results keep a deterministic order (account, then
global services, then region by region, services in table order) whatever the pool's timing.
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from types import ModuleType

from policycheck.live.aws.api import Shared
from policycheck.live.aws.errors import NotAssessedError, UndeclaredOperationError
from policycheck.live.aws.module import actions, kinds
from policycheck.live.aws.options import AwsOptions
from policycheck.live.aws.raw import AccountRead, RawCollection, ServiceRead
from policycheck.live.aws.scope import SOURCE
from policycheck.live.aws.session import Account, enabled_regions, open_accounts, role_account
from policycheck.model import NotAssessed


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
    return NotAssessed(source=SOURCE, account=account, where=region, service=service,
                       call=error.operation, permission=error.permission, reason=error.reason,
                       kinds=tuple(kinds_left))


def read_service(account: Account, module: ModuleType, region: str, progress: Progress,
                 limits: Shared) -> ServiceRead:
    siblings = {name: ops for name, ops in actions(module).items() if name != module.SERVICE}
    api = account.api(module.SERVICE, module.ACTIONS, region, siblings, limits=limits)
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
    return ServiceRead(module.SERVICE, region, data=data)


def gather(options: AwsOptions, modules: Sequence[ModuleType]) -> RawCollection:
    """Read every selected service of every account and region (the raw snapshot payload)."""
    every_kind = kinds(modules)
    raw = RawCollection()
    progress = Progress(options.progress)
    accounts, failed = open_accounts(options)
    for role, error in failed:
        raw.not_assessed.append(gap(role_account(role), "", "sts", error, every_kind))
    plans: list[tuple[AccountRead, list[tuple[Account, ModuleType, str]]]] = []
    for account in accounts:
        read = AccountRead(account.account, account.scope.partition)
        try:
            read.regions = list(options.regions) or enabled_regions(account)
        except NotAssessedError as error:
            raw.not_assessed.append(gap(account.account, "", "ec2", error, every_kind))
            continue
        tasks: list[tuple[Account, ModuleType, str]] = [(account, m, "") for m in modules if m.GLOBAL]
        tasks += [(account, m, region) for region in read.regions for m in modules if not m.GLOBAL]
        plans.append((read, tasks))
        raw.accounts.append(read)
    limits = Shared(in_flight=threading.BoundedSemaphore(options.max_workers), fanout=options.max_workers)
    with ThreadPoolExecutor(max_workers=options.max_workers) as pool:
        futures = [(read, [pool.submit(read_service, *task, progress, limits) for task in tasks])
                   for read, tasks in plans]
        for read, pending in futures:
            read.reads = [future.result() for future in pending]
    return raw
