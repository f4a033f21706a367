"""What a scanned repository's own configuration may make policycheck do.

The configuration (``.policycheck.yaml`` or ``[tool.policycheck]``) comes with the repository,
so a pull request can change it. Its policy directories, variable files and exclude patterns
must stay inside the directory of the configuration file (else they are refused with an error
entry, and not read), and the Python policies of its policy directories are imported only with
``--trust-repo-policies`` (declarative YAML policies, which run no code, always load).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath

from policycheck.engine.config import Config
from policycheck.loaders.confine import inside, outside_message
from policycheck.model import ScanError

TRUST_OPTION = "--trust-repo-policies"


@dataclass(frozen=True, slots=True)
class Confined:
    """A configuration with its escaping paths removed, and what was refused."""

    config: Config
    errors: tuple[ScanError, ...] = ()
    warnings: tuple[str, ...] = field(default_factory=tuple)


def _escapes(pattern: str) -> bool:
    return ".." in PurePosixPath(pattern.lstrip("!/")).parts


def confine(config: Config) -> Confined:
    """``config`` with the policy directories and variable files outside its own directory
    refused (error entries) and the exclude patterns that climb out of it dropped (warnings)."""
    if config.path is None:
        return Confined(config)
    root = config.path.parent.resolve()
    errors: list[ScanError] = []
    kept: dict[str, tuple[Path, ...]] = {}
    for key, paths in (("policies", config.policy_dirs), ("var-files", config.var_files)):
        allowed = tuple(p for p in paths if inside(p, (root,)))
        errors += [ScanError(str(config.path), 1, outside_message(f"{key}: entry", p, (root,)))
                   for p in paths if p not in allowed]
        kept[key] = allowed
    exclude = tuple(p for p in config.exclude if not _escapes(p))
    warnings = tuple(f"{config.path}: exclude pattern {p!r} climbs out of the configuration's "
                     "directory; ignored" for p in config.exclude if p not in exclude)
    return Confined(replace(config, policy_dirs=kept["policies"], var_files=kept["var-files"],
                            exclude=exclude), tuple(errors), warnings)


def python_policy_warning(path: Path) -> str:
    return (f"{path}: Python policy from the repository's configuration not loaded (importing it "
            f"would run the repository's code); pass {TRUST_OPTION} to load it")
