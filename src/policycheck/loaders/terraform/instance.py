"""One instance of a module (a root, or one instance of a module call): what its expressions
see (variables, locals, outputs of child modules, resources) and the resources it yields."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from policycheck.loaders.hcl.expressions import (
    MISSING,
    EvalError,
    Multi,
    NotKnown,
    Scope,
    evaluate,
    instance_key,
    known,
    to_number,
    to_string,
)
from policycheck.loaders.hcl.expressions.bounds import LimitExceeded
from policycheck.loaders.limits import MAX_MODULE_DEPTH
from policycheck.loaders.terraform.blocks import BodyEvaluator, suppressions
from policycheck.loaders.terraform.config import ORIGINS, Block, ModuleConfig
from policycheck.loaders.terraform.files import FILE_FUNCTIONS, FileAccess
from policycheck.loaders.terraform.functions import FUNCTIONS
from policycheck.loaders.terraform.names import (
    AfterApply,
    Expansion,
    Names,
    Outputs,
    Pending,
    for_each_expansion,
)
from policycheck.loaders.terraform.provenance import shown
from policycheck.loaders.terraform.session import Memo, Session
from policycheck.loaders.terraform.types import convert, parse_type, type_text
from policycheck.loaders.terraform.variables import ConstantScope
from policycheck.model import Location, Reference, Resource, Suppression, TraceStep, Unknown

_RESOURCE_META = frozenset({"count", "for_each"})
_MODULE_META = frozenset({"count", "for_each", "source", "version", "providers", "depends_on"})
_VARIABLE_SKIP = frozenset({"type", "validation"})
_SINGLE = Expansion()


@dataclass(frozen=True, slots=True)
class Environment:
    """What every instance under one root shares."""

    session: Session
    root_path: Path
    root_display: str
    manifest: dict[str, str] | None
    resolve: Callable[[ModuleInstance, Block], ModuleConfig | None]
    roots: tuple[Path, ...] = ()
    """The scan roots the file functions may read in."""


class InstanceScope:
    """The names an expression in ``instance`` sees, plus ``bindings`` (count, each ...)."""

    def __init__(self, instance: ModuleInstance, bindings: dict[str, Any]) -> None:
        self.instance = instance
        self.bindings = bindings

    def lookup(self, name: str) -> Any:
        if name in self.bindings:
            return self.bindings[name]
        return self.instance.lookup(name)

    def function(self, name: str) -> Callable[..., Any] | None:
        if name in FILE_FUNCTIONS:
            return self.instance.files.function(name)
        return FUNCTIONS.get(name)

    def note(self, address: str) -> None:
        self.instance.session.note(address)

    def literal(self, reference: Reference) -> Any:
        return self.instance.session.literal(reference)


class ModuleInstance:
    """A module's configuration evaluated under one address ``prefix`` (``""`` for a root,
    ``module.db[0].`` for an instance of a call) with the caller's ``inputs``."""

    def __init__(
        self,
        env: Environment,
        config: ModuleConfig,
        prefix: str = "",
        key_path: tuple[str, ...] = (),
        inputs: Callable[[str], Any] = lambda _name: MISSING,
        inherited: tuple[Suppression, ...] = (),
        ancestors: frozenset[Path] = frozenset(),
        origin: Callable[[str, Any], TraceStep | None] = lambda _name, _value: None,
    ) -> None:
        self.env = env
        self.session = env.session
        self.config = config
        self.prefix = prefix
        self.key_path = key_path
        self.inputs = inputs
        self.origin = origin
        """Where the caller set input ``name`` to ``value`` (``None``: not from outside)."""
        self.inherited = inherited
        self.ancestors = ancestors | {config.path}
        self._variables: Memo = {}
        self._locals: Memo = {}
        self._outputs: Memo = {}
        self._expansions: Memo = {}
        self._children: dict[str, ModuleInstance | None] = {}
        self._namespaces: dict[str, Names] = {}
        self._locals_ready = False
        for block in config.blocks:
            if block.kind in ("resource", "data"):
                self.session.literals[self.address(block)] = block.body

    @functools.cached_property
    def files(self) -> FileAccess:
        """The file functions as this module calls them."""
        displays = [(self.config.display, self.config.path),
                    (self.env.root_display, self.env.root_path)]
        return FileAccess(self.env.roots, displays, self.env.root_path, FUNCTIONS.get)

    def address(self, block: Block) -> str:
        kind = "data." if block.kind == "data" else ""
        return f"{self.prefix}{kind}{'.'.join(block.labels)}"

    def scope(self, bindings: dict[str, Any] | None = None) -> InstanceScope:
        return InstanceScope(self, bindings or {})

    # --- names ---------------------------------------------------------------------------

    def lookup(self, name: str) -> Any:
        found = self._namespaces.get(name)
        if found is None:
            found = self._namespace(name)
            if found is not None:
                self._namespaces[name] = found
            else:
                return self._value_of(name)
        return found

    def _namespace(self, name: str) -> Names | None:
        """The namespace ``name`` opens (kept: namespaces hold no state), or ``None``."""
        if name == "var":
            return Names("var", self.variable)
        if name == "local":
            return Names("local", self.local)
        if name == "module":
            return Names("module", self.module_value)
        if name == "data":
            return Names("data", lambda kind: Names(
                f"data.{kind}", lambda label: self.data_value(kind, label)))
        if name in ("path", "terraform", "self", "count", "each"):
            return None
        if "_" in name or name in self.config.resource_types:
            return Names(name, lambda label: self.resource_value(name, label))
        return None

    def _value_of(self, name: str) -> Any:
        if name == "path":
            return {"module": self.config.display, "root": self.env.root_display,
                    "cwd": self.env.root_display}
        if name == "terraform":
            return {"workspace": "default"}
        if name == "self":
            return AfterApply("self")
        if name in ("count", "each"):
            raise EvalError(f"{name} is only available in a block with {name}")
        raise EvalError(f"unknown name {name!r}")

    def variable(self, name: str) -> Any:
        block = self.config.find("variable", name)
        if block is None:
            raise EvalError(f"var.{name} is not declared")
        self.session.note_variable(f"{self.prefix}var.{name}")
        return self.session.memo(self._variables, name, lambda: self._variable(block),
                                 f"{self.prefix}var.{name}", block.site("default"))

    def _variable(self, block: Block) -> Any:
        value = self.inputs(block.name)
        if value is not MISSING:
            self.session.provenance.set(f"{self.prefix}var.{block.name}",
                                        self.origin(block.name, value))
        if value is MISSING:
            if "default" not in block.body:
                return Unknown(f"{self.prefix}var.{block.name} has no value")
            value = evaluate(block.body["default"], ConstantScope(),
                             self.session.on_error(block.site("default")))
        return convert(value, parse_type(block.body.get("type")))

    def local(self, name: str) -> Any:
        local = self.config.locals.get(name)
        if local is None:
            raise EvalError(f"local.{name} is not declared")
        if not self._locals_ready:
            # in dependency order, so that a long chain of locals does not nest evaluations
            self._locals_ready = True
            with self.session.isolated():
                for other in self.config.local_order:
                    self.local(other)
        site = local.block.site(name)
        return self.session.memo(
            self._locals, name,
            lambda: evaluate(local.value, self.scope(), self.session.on_error(site)),
            f"{self.prefix}local.{name}", site)

    def output(self, name: str) -> Any:
        block = self.config.find("output", name)
        if block is None:
            raise EvalError(f"{self.prefix.rstrip('.')} has no output {name!r}")
        site = block.site("value")
        return self.session.memo(
            self._outputs, name,
            lambda: evaluate(block.body.get("value"), self.scope(), self.session.on_error(site)),
            f"{self.prefix}output.{name}", site)

    def resource_value(self, kind: str, name: str) -> Any:
        address = f"{self.prefix}{kind}.{name}"
        self.session.note(address)
        block = self.config.find("resource", kind, name)
        expansion = self._quiet_expansion(block) if block is not None else Expansion()
        if expansion.unknown is not None:
            return Pending(address, lambda key: Reference(
                address if key is None else address + instance_key(key), ""),
                expansion.unknown)
        if expansion.meta is None:
            return Reference(address, "")
        references = [Reference(address + instance_key(k), "") for k in expansion.keys]
        if expansion.meta == "count":
            return Multi(address, references)
        return Multi(address, dict(zip(expansion.keys, references, strict=True)))

    def data_value(self, kind: str, name: str) -> Any:
        address = f"{self.prefix}data.{kind}.{name}"
        self.session.note(address)
        return AfterApply(address)

    def module_value(self, name: str) -> Any:
        block = self.config.find("module", name)
        if block is None:
            raise EvalError(f"module.{name} is not declared")
        address = f"{self.prefix}module.{name}"
        expansion = self._quiet_expansion(block)
        if expansion.unknown is not None:
            outputs = Outputs(address, self.child(block, "", expansion.bindings(None)))
            return Pending(address, lambda _key: outputs, expansion.unknown)
        if expansion.meta is None:
            return Outputs(address, self.child(block, "", {}))
        instances = [
            Outputs(address + suffix, self.child(block, suffix, bindings))
            for suffix, bindings in expansion.instances()
        ]
        if expansion.meta == "count":
            return Multi(address, instances)
        return Multi(address, dict(zip(expansion.keys, instances, strict=True)))

    # --- count and for_each ----------------------------------------------------------------

    def _quiet_expansion(self, block: Block) -> Expansion:
        """The expansion of a referenced block, without noting what its count references."""
        with self.session.isolated():
            return self.expansion(block)

    def expansion(self, block: Block) -> Expansion:
        meta = "count" if "count" in block.body else "for_each" if "for_each" in block.body else ""
        if not meta:
            return _SINGLE
        key = f"{block.kind}.{'.'.join(block.labels)}"
        expansion = self.session.memo(self._expansions, key, lambda: self._expand(block, meta),
                                      f"{meta} of {self.address(block)}", block.site(meta))
        if isinstance(expansion, Unknown):
            return Expansion(meta, unknown=expansion)
        return expansion  # type: ignore[no-any-return]

    def _expand(self, block: Block, meta: str) -> Expansion:
        scope = self.scope()
        report = self.session.on_error(block.site(meta))
        value = evaluate(block.body[meta], scope, report)
        try:
            if meta == "count":
                count = to_number(known(value, scope))
                if not isinstance(count, int) or count < 0:
                    raise EvalError(f"count must be a whole number >= 0, not {count}")
                if count > self.session.limits.max_instances:
                    return self._refused(block, meta, self._over(f"count is {count}"))
                return Expansion(meta, tuple(range(count)))
            expansion = for_each_expansion(known(value, scope))
            if len(expansion.keys) > self.session.limits.max_instances:
                return self._refused(block, meta,
                                     self._over(f"for_each has {len(expansion.keys)} elements"))
            return expansion
        except LimitExceeded as exc:
            return self._refused(block, meta, str(exc))
        except NotKnown as exc:
            reason = exc.unknown.reason
        except EvalError as exc:
            report(str(exc))
            reason = str(exc)
        address = self.address(block)
        self.session.warn(f"{block.site(meta)}: {meta} of {address} is not known ({reason}); "
                          "evaluated as one instance")
        name = "count.index" if meta == "count" else "each"
        return Expansion(meta, unknown=Unknown(f"{name} of {address} is not known ({reason})"))

    def _over(self, what: str) -> str:
        return (f"{what}, over the limit of {self.session.limits.max_instances} instances "
                "(limits: max-instances)")

    def _refused(self, block: Block, meta: str, reason: str) -> Expansion:
        """No instances: an error entry says why ``block`` is not judged."""
        address = self.address(block)
        self.session.refuse(block.file, block.line, f"{address} is not judged: {reason}")
        return Expansion(meta, unknown=Unknown(f"the {meta} of {address} is not evaluated"),
                         refused=True)

    # --- child modules ---------------------------------------------------------------------

    def child(self, block: Block, suffix: str, bindings: dict[str, Any]) -> ModuleInstance | None:
        key = block.name + suffix
        if key not in self._children:
            self._children[key] = self._make_child(block, suffix, bindings)
        return self._children[key]

    def _make_child(
        self, block: Block, suffix: str, bindings: dict[str, Any]
    ) -> ModuleInstance | None:
        if len(self.key_path) >= MAX_MODULE_DEPTH:
            self.session.refuse(block.file, block.line, f'module "{block.name}" is not evaluated: '
                                f"modules are nested more than {MAX_MODULE_DEPTH} deep")
            return None
        config = self.env.resolve(self, block)
        if config is None:
            return None
        if config.path in self.ancestors:
            self.session.warn(f'{block.file}:{block.line}: module "{block.name}" calls itself '
                              "(directly or indirectly); not evaluated")
            return None
        scope = self.scope(bindings)

        def inputs(name: str) -> Any:
            if name in _MODULE_META or name not in block.body:
                return MISSING
            return evaluate(block.body[name], scope, self.session.on_error(block.site(name)))

        def origin(name: str, value: Any) -> TraceStep:
            what = f"{name} = {shown(name, block.body[name], value)}"
            return TraceStep(block.file_of(name), block.line_of(name),
                             f"{what} set by {self.prefix}module.{block.name}{suffix}")

        return ModuleInstance(
            self.env, config, f"{self.prefix}module.{block.name}{suffix}.",
            (*self.key_path, block.name), inputs,
            self.inherited + suppressions(block.body, block.file, self.session), self.ancestors,
            origin,
        )

    # --- resources -------------------------------------------------------------------------

    def resources(self) -> Iterator[Resource]:
        for block in self.config.blocks:
            try:
                yield from self._block_resources(block)
            except LimitExceeded as exc:
                self.session.refuse(block.file, block.line,
                                    f"{self.address(block)} is not judged: {exc}")

    def _block_resources(self, block: Block) -> Iterator[Resource]:
        if block.kind in ("resource", "data"):
            kind = block.labels[0] if block.kind == "resource" else f"data.{block.labels[0]}"
            for suffix, bindings in self._instances(block):
                yield self._build(kind, self.address(block) + suffix, block, bindings,
                                  _RESOURCE_META)
        elif block.kind == "provider":
            yield self._provider(block)
        elif block.kind == "variable":
            yield self._declaration(block)
        elif block.kind == "module":
            yield from self._module_call(block)

    def _instances(self, block: Block) -> list[tuple[str, dict[str, Any]]]:
        """The instances of ``block``, counted against the root's budget."""
        instances = self.expansion(block).instances()
        budget = self.session.limits.max_root_instances
        if self.session.instances + len(instances) > budget:
            if self.session.instances <= budget:
                self.session.refuse(block.file, block.line, f"{self.address(block)} and what "
                                    f"follows are not judged: the root expands to more than "
                                    f"{budget} resources (limits: max-instances x 10)")
            self.session.instances = budget + 1
            return []
        self.session.instances += len(instances)
        return instances

    def _build(self, kind: str, address: str, block: Block, bindings: dict[str, Any],
               skip: frozenset[str], scope: Scope | None = None,
               defaults: dict[str, Any] | None = None) -> Resource:
        with self.session.collecting() as collected:
            self.expansion(block)  # notes what count/for_each reference
            evaluated = BodyEvaluator(self.session, block.file, skip).run(
                block.body, scope if scope is not None else self.scope(bindings))
        for key, value in (defaults or {}).items():
            evaluated.attributes.setdefault(key, value)
        return Resource(
            kind=kind,
            address=address,
            source="tf",
            attributes=evaluated.attributes,
            location=Location(block.file, block.line, block.end_line),
            attribute_lines=evaluated.lines,
            references=frozenset(collected.references),
            suppressions=suppressions(block.body, block.file, self.session) + self.inherited,
            computed_paths=frozenset(evaluated.computed),
            attribute_files=dict(block.body.get(ORIGINS, {})),
            traces=self.session.provenance.traces(evaluated.variables),
        )

    def _provider(self, block: Block) -> Resource:
        alias = block.body.get("alias")
        suffix = f".{alias}" if isinstance(alias, str) and "${" not in alias else ""
        address = f"{self.prefix}provider.{block.name}{suffix}"
        return self._build(f"provider.{block.name}", address, block, {}, frozenset())

    def _declaration(self, block: Block) -> Resource:
        defaults: dict[str, Any] = {"sensitive": False}
        if "type" in block.body:
            defaults["type"] = type_text(block.body["type"])
        return self._build("variable", f"{self.prefix}var.{block.name}", block, {},
                           _VARIABLE_SKIP, ConstantScope(), defaults)

    def _module_call(self, block: Block) -> Iterator[Resource]:
        extra = {k: block.body[k] for k in ("source", "version") if k in block.body}
        for suffix, bindings in self._instances(block):
            address = f"{self.prefix}module.{block.name}{suffix}"
            yield self._build("module", address, block, bindings, _MODULE_META,
                              defaults={k: to_string(v) for k, v in extra.items()})
            child = self.child(block, suffix, bindings)
            if child is not None:
                yield from child.resources()
