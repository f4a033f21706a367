"""Project configuration: ``.policycheck.yaml`` or ``[tool.policycheck]`` in ``pyproject.toml``.

Keys (all optional)::

    select: [PC-AWS, PC-K8S-001]      # IDs or prefixes
    ignore: [PC-AWS-084]
    fail-on: high                     # critical | high | medium | low
    unknown: pass                     # pass | fail
    severity: {PC-AWS-011: medium}    # per-policy severity overrides
    params: {PC-AWS-080: {min_backup_days: 14}}
    policies: [./policy-rules]        # extra policy directories, relative to the config file
    exclude: ["legacy/**", "*.generated.tf"]   # gitignore-style, relative to the config file
    images: {registry.example.com/shop/api: services/api/Dockerfile}
    var-files: [env/prod.tfvars]
    limits: {max-instances: 10000, max-file-bytes: 10485760, file-timeout: 60}   # only lower
    exclude-namespaces: [kube-system]  # namespaces `audit k8s` does not judge
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from policycheck.errors import PolicycheckError, UsageError
from policycheck.model import Severity

CONFIG_FILE = ".policycheck.yaml"
KEYS = ("select", "ignore", "fail-on", "unknown", "severity", "params", "policies", "exclude",
        "images", "var-files", "limits", "exclude-namespaces")


class ConfigError(PolicycheckError):
    """An invalid configuration file; the message names the file."""


STARTER_CONFIG = """\
# policycheck configuration. Every key is optional; see `policycheck scan --help`.
# select: [PC-AWS, PC-K8S]          # only these policy IDs or prefixes
# ignore: [PC-AWS-084]              # never run these
fail-on: high                       # critical | high | medium | low
unknown: pass                       # pass | fail: whether UNKNOWN verdicts fail the run
# severity:                         # per-policy severity overrides
#   PC-AWS-011: medium
# params:                           # policy parameters (see `policycheck rules ID`)
#   PC-AWS-080: {min_backup_days: 14}
# policies: [./policy-rules]        # extra policy directories
# exclude: ["legacy/**"]            # gitignore-style patterns, relative to this file
# images:                           # image name -> Dockerfile, for cross-source checks
#   registry.example.com/shop/api: services/api/Dockerfile
# var-files: [env/prod.tfvars]
# limits: {max-instances: 10000, file-timeout: 60}   # may lower the bounds, never raise them
# exclude-namespaces: [kube-system] # namespaces `policycheck audit k8s` leaves out
"""


def write_starter_config(directory: Path, *, force: bool = False) -> Path:
    """Write :data:`STARTER_CONFIG` as ``directory/.policycheck.yaml``; refuse to overwrite
    unless ``force``."""
    target = directory / CONFIG_FILE
    if target.exists() and not force:
        raise UsageError(f"{target} exists; use --force to overwrite it")
    target.write_text(STARTER_CONFIG, "utf-8")
    return target


@dataclass(frozen=True, slots=True)
class Config:
    path: Path | None = None
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    fail_on: Severity | None = None
    unknown: str | None = None
    severity: Mapping[str, Severity] = field(default_factory=dict)
    params: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    policy_dirs: tuple[Path, ...] = ()
    exclude: tuple[str, ...] = ()
    images: Mapping[str, str] = field(default_factory=dict)
    var_files: tuple[Path, ...] = ()
    limits: Mapping[str, float] = field(default_factory=dict)
    """:class:`~policycheck.loaders.limits.Limits` field name -> value from ``limits:``."""
    exclude_namespaces: tuple[str, ...] = ()
    """Namespaces ``audit k8s`` leaves out (besides ``--exclude-namespace``)."""

    @property
    def root(self) -> Path | None:
        return self.path.parent if self.path else None


def _strings(value: Any, key: str, where: Path) -> tuple[str, ...]:
    if isinstance(value, str):
        return tuple(v.strip() for v in value.split(",") if v.strip())
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(value)
    raise ConfigError(f"{where}: {key} must be a list of strings")


def _mapping(value: Any, key: str, where: Path) -> Mapping[str, Any]:
    if not isinstance(value, dict):
        raise ConfigError(f"{where}: {key} must be a mapping")
    return value


def _limits(value: Any, where: Path) -> dict[str, float]:
    from policycheck.loaders.limits import CONFIG_KEYS

    limits: dict[str, float] = {}
    for key, number in _mapping(value, "limits", where).items():
        if key not in CONFIG_KEYS:
            raise ConfigError(f"{where}: unknown limit {key!r}; known: {', '.join(CONFIG_KEYS)}")
        if isinstance(number, bool) or not isinstance(number, int | float) or number <= 0:
            raise ConfigError(f"{where}: limits.{key} must be a positive number")
        limits[CONFIG_KEYS[key]] = number
    return limits


def parse_config(data: Mapping[str, Any], path: Path) -> Config:
    """Validate a configuration mapping read from ``path``."""
    unknown_keys = sorted(set(data) - set(KEYS))
    if unknown_keys:
        raise ConfigError(
            f"{path}: unknown key(s) {', '.join(unknown_keys)}; known: {', '.join(KEYS)}"
        )
    base = path.parent
    try:
        fail_on = Severity.parse(data["fail-on"]) if "fail-on" in data else None
        severity = {
            str(k): Severity.parse(str(v))
            for k, v in _mapping(data.get("severity", {}), "severity", path).items()
        }
    except ValueError as exc:
        raise ConfigError(f"{path}: {exc}") from None
    unknown = data.get("unknown")
    if unknown not in (None, "pass", "fail"):
        raise ConfigError(f"{path}: unknown must be 'pass' or 'fail'")
    params: dict[str, Mapping[str, Any]] = {}
    for policy_id, values in _mapping(data.get("params", {}), "params", path).items():
        params[str(policy_id)] = _mapping(values, f"params.{policy_id}", path)
    return Config(
        path=path,
        select=_strings(data.get("select", []), "select", path),
        ignore=_strings(data.get("ignore", []), "ignore", path),
        fail_on=fail_on,
        unknown=unknown,
        severity=severity,
        params=params,
        policy_dirs=tuple(base / p for p in _strings(data.get("policies", []), "policies", path)),
        exclude=_strings(data.get("exclude", []), "exclude", path),
        images={str(k): str(v)
                for k, v in _mapping(data.get("images", {}), "images", path).items()},
        var_files=tuple(base / p for p in _strings(data.get("var-files", []), "var-files", path)),
        limits=_limits(data.get("limits", {}), path),
        exclude_namespaces=_strings(data.get("exclude-namespaces", []), "exclude-namespaces", path),
    )


def read_config_file(path: Path) -> Config:
    try:
        text = path.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read: {exc}") from None
    import tomllib

    import yaml  # here: a scan without a configuration file imports neither parser

    try:
        if path.name == "pyproject.toml":
            data = tomllib.loads(text).get("tool", {}).get("policycheck", {})
        else:
            data = yaml.safe_load(text) or {}
    except (tomllib.TOMLDecodeError, yaml.YAMLError) as exc:
        raise ConfigError(f"{path}: invalid syntax: {exc}") from None
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: configuration must be a mapping")
    return parse_config(data, path)


def _has_tool_section(pyproject: Path) -> bool:
    import tomllib

    try:
        return "policycheck" in tomllib.loads(pyproject.read_text("utf-8")).get("tool", {})
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return False


def find_config(start: Path) -> Path | None:
    """The nearest config at or above ``start``, stopping at a repository root."""
    directory = start if start.is_dir() else start.parent
    for candidate in (directory.resolve(), *directory.resolve().parents):
        if (candidate / CONFIG_FILE).is_file():
            return candidate / CONFIG_FILE
        pyproject = candidate / "pyproject.toml"
        if pyproject.is_file() and _has_tool_section(pyproject):
            return pyproject
        if (candidate / ".git").exists():
            return None
    return None
