"""Network arithmetic for firewall policies: public CIDRs and port ranges.

A CIDR is *public* when it covers its whole address space (``0.0.0.0/0``, ``::/0``, or any
other prefix of length 0). A port range is built from a rule's protocol and ports the way AWS
reads them: protocol ``-1``/``all`` is every port of every protocol, ``tcp``/``udp`` (or ``6``/
``17``) span ``from_port``..``to_port``, ICMP has no ports, and any other protocol number opens
all of its ports (AWS ignores the ports then).
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from policycheck.model import Unknown

MIN_PORT = 0
MAX_PORT = 65535

ADMIN_PORTS: Mapping[int, str] = {22: "SSH", 3389: "RDP"}
DATABASE_PORTS: Mapping[int, str] = {
    1433: "SQL Server",
    1521: "Oracle",
    3306: "MySQL",
    5432: "PostgreSQL",
    5439: "Redshift",
    5984: "CouchDB",
    6379: "Redis",
    9042: "Cassandra",
    9200: "Elasticsearch",
    9300: "Elasticsearch transport",
    11211: "Memcached",
    27017: "MongoDB",
}
RISKY_PORTS: Mapping[int, str] = {**ADMIN_PORTS, **DATABASE_PORTS}
"""Ports whose exposure to the internet is critical: remote administration and databases."""

ALL_PROTOCOLS = "all"
_ALL = {"-1", "all"}
_NO_PORTS = {"icmp", "icmpv6", "1", "58"}
_NAMES = {"6": "tcp", "17": "udp"}


def is_public_cidr(value: object) -> bool | Unknown:
    """Whether ``value`` is a CIDR covering its whole address space (IPv4 or IPv6).

    :class:`Unknown` values are returned as they are; anything that is not a CIDR string
    (a reference, a malformed literal) is :class:`Unknown` too.
    """
    if isinstance(value, Unknown):
        return value
    if not isinstance(value, str):
        return Unknown(f"{value} is not a literal CIDR")
    try:
        network = ipaddress.ip_network(value.strip(), strict=False)
    except ValueError:
        return Unknown(f"{value!r} is not a CIDR")
    return network.prefixlen == 0


@dataclass(frozen=True, slots=True)
class PortRange:
    """An inclusive range of ports of one protocol (``"all"`` for every protocol)."""

    protocol: str
    low: int
    high: int

    @property
    def width(self) -> int:
        """How many ports the range holds."""
        return self.high - self.low + 1

    @property
    def is_all_ports(self) -> bool:
        return self.low <= MIN_PORT and self.high >= MAX_PORT

    def __contains__(self, port: object) -> bool:
        return isinstance(port, int) and self.low <= port <= self.high

    def ports_in(self, ports: Iterable[int]) -> tuple[int, ...]:
        """The members of ``ports`` inside the range, sorted."""
        return tuple(sorted({p for p in ports if p in self}))

    def includes_other_than(self, allowed: Iterable[int]) -> bool:
        """Whether the range holds a port that is not in ``allowed``."""
        return self.width > len(self.ports_in(allowed))

    def risky_ports(self) -> tuple[int, ...]:
        """The :data:`RISKY_PORTS` inside the range."""
        return self.ports_in(RISKY_PORTS)

    def __str__(self) -> str:
        if self.protocol == ALL_PROTOCOLS:
            return "all traffic (every protocol and port)"
        if self.low == self.high:
            return f"{self.protocol}/{self.low}"
        return f"{self.protocol}/{self.low}-{self.high}"


def _port(value: object, default: int) -> int | Unknown:
    if isinstance(value, Unknown):
        return value
    if value is None or value == "":
        return default
    if isinstance(value, bool):
        return Unknown(f"{value!r} is not a port")
    try:
        number = int(str(value).strip()) if not isinstance(value, int) else value
    except ValueError:
        return Unknown(f"{value!r} is not a port")
    return default if number < 0 else number


def port_range(protocol: object, from_port: object, to_port: object) -> PortRange | Unknown | None:
    """The ports a rule with these arguments opens; ``None`` when its protocol has no ports
    (ICMP). Unset ports of ``tcp``/``udp`` mean the whole range."""
    if isinstance(protocol, Unknown):
        return protocol
    if protocol is None:
        return Unknown("the rule sets no protocol")
    name = str(protocol).strip().lower()
    if name in _ALL:
        return PortRange(ALL_PROTOCOLS, MIN_PORT, MAX_PORT)
    if name in _NO_PORTS:
        return None
    name = _NAMES.get(name, name)
    if name not in ("tcp", "udp"):
        return PortRange(name, MIN_PORT, MAX_PORT)
    low = _port(from_port, MIN_PORT)
    high = _port(to_port, MAX_PORT)
    if isinstance(low, Unknown):
        return low
    if isinstance(high, Unknown):
        return high
    return PortRange(name, min(low, high), max(low, high))


def describe_ports(ports: Iterable[int]) -> str:
    """``"22 (SSH), 5432 (PostgreSQL)"`` for risky ports, plain numbers for others."""
    return ", ".join(f"{p} ({RISKY_PORTS[p]})" if p in RISKY_PORTS else str(p) for p in ports)
