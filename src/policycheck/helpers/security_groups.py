"""Security-group rules in one normalised shape, wherever they are written.

Rules come from the inline ``ingress``/``egress`` blocks of ``aws_security_group`` and
``aws_default_security_group``, from ``aws_security_group_rule`` (``type`` ingress/egress) and
from ``aws_vpc_security_group_ingress_rule``/``aws_vpc_security_group_egress_rule``. A rule
resource belongs to the group its ``security_group_id`` designates (a :class:`Reference`, or a
literal ID matched against the groups of the same source). Each :class:`Rule` keeps the
resource and attribute path it was written at, so findings point at the right line.

CIDR values that are references are resolved through the graph: a literal ``cidr_block`` of
the target is judged; a computed range of a VPC or subnet is never public (AWS caps them at
/16 and /56); anything else is :class:`Unknown`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from policycheck.helpers.links import find_by_identifier, referring, values_of
from policycheck.helpers.network import ALL_PROTOCOLS, PortRange, is_public_cidr, port_range
from policycheck.helpers.values import truthy
from policycheck.model import Reference, Resource, ResourceGraph, Unknown

GROUP_KINDS = ("aws_security_group", "aws_default_security_group")
RULE_KINDS = (
    "aws_security_group_rule",
    "aws_vpc_security_group_ingress_rule",
    "aws_vpc_security_group_egress_rule",
)
ATTACHMENT_PATHS = (
    "vpc_security_group_ids",
    "security_group_ids",
    "security_groups",
    "vpc_options.0.security_group_ids",
    "vpc_config.0.security_group_ids",
    "network_configuration.0.security_groups",
)
"""Where resources name their security groups (RDS, ElastiCache, EC2, OpenSearch, Lambda/EKS,
ECS services)."""

NETWORK_KINDS = frozenset({"aws_vpc", "aws_default_vpc", "aws_subnet", "aws_default_subnet",
                           "aws_vpc_ipv4_cidr_block_association",
                           "aws_vpc_ipv6_cidr_block_association"})
INGRESS = "ingress"
EGRESS = "egress"

_INLINE_CIDRS = ("cidr_blocks", "ipv6_cidr_blocks")
_VPC_RULE_CIDRS = ("cidr_ipv4", "cidr_ipv6")


@dataclass(frozen=True, slots=True)
class CidrSource:
    """One CIDR of a rule: its value as written, whether it is public, and where it is."""

    value: object
    public: bool | Unknown
    path: str


@dataclass(frozen=True, slots=True)
class Rule:
    """One ingress or egress rule.

    ``base`` is the path of an inline block (``"ingress.0"``) or ``""`` for a rule resource;
    ``ports`` is ``None`` for protocols without ports (ICMP); ``peers`` are the security groups
    it admits (references, IDs, or the owning group itself for ``self = true``).
    """

    direction: str | Unknown
    resource: Resource
    base: str
    ports: PortRange | Unknown | None
    protocol_attribute: str
    cidrs: tuple[CidrSource, ...] = ()
    peers: tuple[object, ...] = ()
    prefix_lists: tuple[object, ...] = ()

    def path(self, attribute: str) -> str:
        """The full path of one of the rule's attributes."""
        return f"{self.base}.{attribute}" if self.base else attribute

    @property
    def at(self) -> str | None:
        """Where the rule itself is written: its block, or ``None`` (the whole rule resource)."""
        return self.base or None

    @property
    def ports_at(self) -> str:
        """The attribute that decides the rule's ports: the protocol when it is not known or
        opens every port by itself or no port is written, else ``from_port``."""
        protocol = self.path(self.protocol_attribute)
        by_protocol = isinstance(self.ports, PortRange) and self.ports.protocol == ALL_PROTOCOLS
        if by_protocol or isinstance(self.resource.get(protocol), Unknown):
            return protocol
        if self.resource.get(self.path("from_port")) is None:
            return protocol
        return self.path("from_port")

    @property
    def blocks_unknown(self) -> bool:
        """Whether this stands for inline blocks that could not be resolved (``dynamic``)."""
        return bool(self.base) and "." not in self.base

    @property
    def label(self) -> str:
        """How messages name the rule (``ingress rule ingress.0``, ``the ingress rule``)."""
        kind = self.direction if isinstance(self.direction, str) else "security group"
        if self.blocks_unknown:
            return f"the {self.base} blocks"
        return f"{kind} rule {self.base}" if self.base else f"the {kind} rule"

    @property
    def peer_only(self) -> bool:
        """Whether every source of the rule is another security group (or the group itself)."""
        return bool(self.peers) and not self.cidrs and not self.prefix_lists

    def public_cidrs(self) -> list[CidrSource]:
        """The CIDRs that are certainly public."""
        return [c for c in self.cidrs if c.public is True]

    def undecided_cidrs(self) -> list[CidrSource]:
        """The CIDRs whose value is not known."""
        return [c for c in self.cidrs if isinstance(c.public, Unknown)]

    def __str__(self) -> str:
        where = f"{self.resource.address}.{self.base}" if self.base else self.resource.address
        return f"{where} ({self.ports if self.ports is not None else 'ICMP'})"


def cidr_public(value: object, like: Resource, graph: ResourceGraph) -> bool | Unknown:
    """Whether one CIDR value of ``like`` is public, following references (see module doc)."""
    if not isinstance(value, Reference):
        return is_public_cidr(value)
    target = graph.resolve(value, like=like)
    if target is None:
        return Unknown(f"{value} is not in the scan")
    literal = target.get(value.attribute)
    if isinstance(literal, str):
        return is_public_cidr(literal)
    if target.kind in NETWORK_KINDS:
        return False
    return Unknown(f"{value} is not known")


def _cidrs(
    resource: Resource, graph: ResourceGraph, base: str, attributes: Sequence[str]
) -> tuple[CidrSource, ...]:
    found: list[CidrSource] = []
    for attribute in attributes:
        path = f"{base}.{attribute}" if base else attribute
        raw = resource.get(path)
        if isinstance(raw, Unknown):
            found.append(CidrSource(raw, raw, path))
            continue
        found += [CidrSource(v, cidr_public(v, resource, graph), path) for v in values_of(raw)]
    return tuple(found)


def _present(*values: object) -> tuple[object, ...]:
    """The set values among ``values`` (lists flattened; ``""`` and ``False`` are unset)."""
    return tuple(
        v for item in values for v in values_of(item)
        if not (isinstance(v, (str, bool)) and not v)
    )


def _inline_rules(group: Resource, graph: ResourceGraph) -> list[Rule]:
    rules: list[Rule] = []
    for direction in (INGRESS, EGRESS):
        blocks = group.get(direction)
        if isinstance(blocks, Unknown):
            rules.append(Rule(direction, group, direction, blocks, "protocol",
                              cidrs=(CidrSource(blocks, blocks, direction),)))
            continue
        for index, block in enumerate(values_of(blocks)):
            if not isinstance(block, dict):
                continue
            base = f"{direction}.{index}"
            self_peer = (group,) if truthy(block.get("self")) is True else ()
            rules.append(Rule(
                direction, group, base,
                port_range(block.get("protocol"), block.get("from_port"), block.get("to_port")),
                "protocol",
                cidrs=_cidrs(group, graph, base, _INLINE_CIDRS),
                peers=_present(block.get("security_groups"), self_peer),
                prefix_lists=_present(block.get("prefix_list_ids")),
            ))
    return rules


def _direction(kind: object) -> str | Unknown:
    """The direction an ``aws_security_group_rule``'s ``type`` names."""
    if isinstance(kind, Unknown):
        return kind
    return EGRESS if str(kind).strip().lower() == EGRESS else INGRESS


def _security_group_rule(resource: Resource, graph: ResourceGraph) -> Rule:
    self_peer = resource.get("security_group_id") if truthy(resource.get("self")) is True else None
    return Rule(
        _direction(resource.get("type")), resource, "",
        port_range(resource.get("protocol"), resource.get("from_port"), resource.get("to_port")),
        "protocol",
        cidrs=_cidrs(resource, graph, "", _INLINE_CIDRS),
        peers=_present(resource.get("source_security_group_id"), self_peer),
        prefix_lists=_present(resource.get("prefix_list_ids")),
    )


def _vpc_rule(resource: Resource, graph: ResourceGraph) -> Rule:
    direction = INGRESS if resource.kind.endswith("_ingress_rule") else EGRESS
    return Rule(
        direction, resource, "",
        port_range(resource.get("ip_protocol"), resource.get("from_port"),
                   resource.get("to_port")),
        "ip_protocol",
        cidrs=_cidrs(resource, graph, "", _VPC_RULE_CIDRS),
        peers=_present(resource.get("referenced_security_group_id")),
        prefix_lists=_present(resource.get("prefix_list_id")),
    )


def rules_of(resource: Resource, graph: ResourceGraph) -> list[Rule]:
    """The rules written in ``resource``: a group's inline blocks, or a rule resource itself."""
    if resource.kind in GROUP_KINDS:
        return _inline_rules(resource, graph)
    if resource.kind == "aws_security_group_rule":
        return [_security_group_rule(resource, graph)]
    if resource.kind in RULE_KINDS:
        return [_vpc_rule(resource, graph)]
    return []


def rule_resources(group: Resource, graph: ResourceGraph) -> list[Resource]:
    """The rule resources whose ``security_group_id`` designates ``group``."""
    return referring(group, graph, RULE_KINDS, "security_group_id").found


def group_rules(group: Resource, graph: ResourceGraph) -> list[Rule]:
    """Every rule of ``group``: its inline blocks and the rule resources attached to it.

    Rule resources whose ``security_group_id`` is not known are not counted (each is judged
    on its own by the rule policies).
    """
    rules = _inline_rules(group, graph)
    for resource in rule_resources(group, graph):
        rules += rules_of(resource, graph)
    return rules


def is_ingress(rule: Rule) -> bool | Unknown:
    """Whether a security group rule is an ingress rule (Unknown when its direction is)."""
    direction = rule.direction
    return direction if isinstance(direction, Unknown) else direction == INGRESS


@dataclass(frozen=True, slots=True)
class Attachment:
    """The security groups a resource names: resolved ``groups`` (with the path naming each)
    and ``unresolved`` values (literal IDs not in the scan, data sources, unknowns)."""

    groups: tuple[tuple[Resource, str], ...] = ()
    unresolved: tuple[tuple[object, str], ...] = ()
    paths: tuple[str, ...] = ()


def attached_groups(
    resource: Resource, graph: ResourceGraph, paths: Sequence[str] = ATTACHMENT_PATHS
) -> Attachment:
    """The security groups attached to ``resource`` through ``paths``."""
    groups: list[tuple[Resource, str]] = []
    unresolved: list[tuple[object, str]] = []
    present: list[str] = []
    for path in paths:
        raw = resource.get(path)
        if raw is None:
            continue
        present.append(path)
        for value in [raw] if isinstance(raw, Unknown) else values_of(raw):
            group = _group_named_by(value, resource, graph)
            if group is None:
                unresolved.append((value, path))
            else:
                groups.append((group, path))
    return Attachment(tuple(groups), tuple(unresolved), tuple(present))


def _group_named_by(value: object, like: Resource, graph: ResourceGraph) -> Resource | None:
    if isinstance(value, Reference):
        target = graph.resolve(value, like=like)
        return target if target is not None and target.kind in GROUP_KINDS else None
    if isinstance(value, str) and value:
        return find_by_identifier(value, graph, GROUP_KINDS, like, ("id", "arn", "name"))
    return None
