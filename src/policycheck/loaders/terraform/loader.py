"""The Terraform loader: directories of ``.tf``/``.tf.json`` files evaluated into resources.

Files are grouped by directory. A directory that another scanned directory calls as a local
module (``source = "./x"``) is evaluated only through its calls; every other directory is a
root module. Called modules may lie outside the scanned paths but not outside the scan roots
(:mod:`policycheck.loaders.confine`); registry modules are found through the manifest
``terraform init`` writes, never fetched.
"""

from __future__ import annotations

import posixpath
from collections.abc import Sequence
from pathlib import Path

from policycheck.loaders.base import LoadOptions, LoadResult, Resolver, SourceFile, is_directory, read_text
from policycheck.loaders.confine import inside, outside_message
from policycheck.loaders.hcl import ParsedHcl, parse_hcl, parse_tf_json
from policycheck.loaders.hcl.expressions import MISSING
from policycheck.loaders.hcl.expressions.bounds import LimitExceeded, budget
from policycheck.loaders.terraform.config import (
    Block,
    ModuleConfig,
    is_local_source,
    read_manifest,
)
from policycheck.loaders.terraform.instance import Environment, ModuleInstance
from policycheck.loaders.terraform.overrides import is_override, load_order, merge_file
from policycheck.loaders.terraform.session import Session
from policycheck.loaders.terraform.types import parse_type
from policycheck.loaders.terraform.variables import root_values, variable_files
from policycheck.model import ScanError, TraceStep


def load(files: Sequence[SourceFile], options: LoadOptions) -> LoadResult:
    """Every resource, data source, provider, variable and module call of ``files``."""
    return _Loader(options).load(files)


def _display_dir(display: str) -> str:
    return posixpath.dirname(display) or "."


def _join(directory: str, name: str) -> str:
    return posixpath.normpath(posixpath.join(directory, name))


def _local_target(config: ModuleConfig, block: Block, paths: Resolver) -> Path | None:
    """The directory a module call with a local source points at."""
    source = block.body.get("source")
    return paths.directory(config.path / source) if is_local_source(source) else None


class _Loader:
    def __init__(self, options: LoadOptions) -> None:
        self.options = options
        self.result = LoadResult()
        self.configs: dict[Path, ModuleConfig] = {}
        self.read: set[Path] = set()
        self.paths = Resolver()

    def load(self, files: Sequence[SourceFile]) -> LoadResult:
        by_directory: dict[Path, list[SourceFile]] = {}
        for source in files:
            by_directory.setdefault(self.paths.file(source.path).parent, []).append(source)
        for directory, sources in sorted(by_directory.items()):
            sources.sort(key=lambda s: s.display)
            sources.sort(key=lambda s: load_order(s.path.name))
            config = ModuleConfig(directory, _display_dir(sources[0].display))
            for source in sources:
                self._parse_into(config, source)
            self.configs[directory] = config
        called = {
            target
            for config in self.configs.values()
            for block in config.of_kind("module")
            if (target := _local_target(config, block, self.paths)) not in (None, config.path)
        }
        for directory in sorted(by_directory):
            if directory not in called:
                self._evaluate_root(self.configs[directory])
        self.result.files = len(self.read)
        return self.result

    def _parse_into(self, config: ModuleConfig, source: SourceFile) -> None:
        self.read.add(self.paths.file(source.path))
        text = read_text(source, self.result, self.options.limits.max_file_bytes)
        if text is None:
            return
        parsed = self._parse(text, source)
        self.result.errors.extend(parsed.errors)
        if is_override(source.path.name):
            self.result.errors.extend(merge_file(config, parsed.body, source.display))
        else:
            config.add(parsed.body, source.display)

    def _parse(self, text: str, source: SourceFile) -> ParsedHcl:
        try:
            if source.path.name.endswith(".json"):
                return parse_tf_json(text, source.display)
            return parse_hcl(text, source.display, self.options.hcl_parser)
        except Exception as exc:  # a parser bug must not end the scan
            return ParsedHcl({}, [ScanError(source.display, 1, f"cannot parse: {exc}")])

    def _evaluate_root(self, config: ModuleConfig) -> None:
        try:
            with budget():
                self._evaluate_root_within_budget(config)
        except LimitExceeded as exc:  # outside any resource (TF_VAR_*, a variable's default)
            self.result.errors.append(ScanError(config.display, 1, f"root module {config.display} "
                                                f"is not judged: {exc}"))

    def _evaluate_root_within_budget(self, config: ModuleConfig) -> None:
        declared = {b.name: parse_type(b.body.get("type")) for b in config.of_kind("variable")}
        tfvars = variable_files(config.path, config.display, self.options)
        self.read.update(self.paths.file(f.path) for f in tfvars)
        origins: dict[str, TraceStep] = {}
        values = root_values(declared, tfvars, self.options, self.result, origins)
        env = Environment(Session(self.result, self.options.limits), config.path, config.display,
                          read_manifest(config.path), self._resolve, self.options.roots)
        root = ModuleInstance(env, config, inputs=lambda name: values.get(name, MISSING),
                              origin=lambda name, _value: origins.get(name))
        for resource in root.resources():
            resource.root = config.display
            self.result.resources.append(resource)

    def _resolve(self, caller: ModuleInstance, block: Block) -> ModuleConfig | None:
        """The configuration a module call evaluates, or ``None`` (with a warning)."""
        source = block.body.get("source")
        where = f'{block.file}:{block.line}: module "{block.name}" (source {source})'
        local = _local_target(caller.config, block, self.paths)
        if local is not None:
            path, display = local, _join(caller.config.display, str(source))
        else:
            manifest = caller.env.manifest or {}
            directory = manifest.get(".".join((*caller.key_path, block.name)))
            if directory is None:
                caller.session.warn(f"{where} not evaluated: run terraform init")
                return None
            path = self.paths.directory(caller.env.root_path / directory)
            display = _join(caller.env.root_display, directory)
        if not inside(path, self.options.roots):
            caller.session.refuse(block.file, block.line, f'module "{block.name}" (source {source}) '
                                  "not evaluated: " + outside_message("its directory", display,
                                                                      self.options.roots))
            return None
        if path in self.configs:
            return self.configs[path]
        if not is_directory(path):
            caller.session.warn(f"{where} not evaluated: directory {display} not found")
            return None
        config = ModuleConfig(path, display)
        files = sorted(path.glob("*.tf")) + sorted(path.glob("*.tf.json"))
        for file in sorted(files, key=lambda f: load_order(f.name)):
            if file.name.startswith((".", "#")):  # ignored by Terraform too
                continue
            self._parse_into(config, SourceFile(file, _join(display, file.name)))
        self.configs[path] = config
        return config
