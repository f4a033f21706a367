from __future__ import annotations

import pytest

from policycheck.helpers.network import (
    ALL_PROTOCOLS,
    PortRange,
    describe_ports,
    is_public_cidr,
    port_range,
)
from policycheck.model import Reference, Unknown


@pytest.mark.parametrize("cidr", ["0.0.0.0/0", "::/0", " 0.0.0.0/0 ", "10.1.2.3/0", "2001:db8::/0"])
def test_cidrs_covering_the_whole_space_are_public(cidr: str) -> None:
    assert is_public_cidr(cidr) is True


@pytest.mark.parametrize("cidr", ["10.0.0.0/8", "0.0.0.0/1", "128.0.0.0/1", "::/1", "1.2.3.4/32",
                                  "2001:db8::/32", "203.0.113.7"])
def test_narrower_cidrs_are_not_public(cidr: str) -> None:
    assert is_public_cidr(cidr) is False


def test_unknown_and_non_literal_cidrs_are_unknown() -> None:
    unresolved = Unknown("var.cidr has no value")
    assert is_public_cidr(unresolved) is unresolved
    bad = is_public_cidr("everywhere")
    assert isinstance(bad, Unknown)
    assert "not a CIDR" in bad.reason
    assert isinstance(is_public_cidr(Reference("aws_vpc.main", "cidr_block")), Unknown)


@pytest.mark.parametrize("protocol", ["-1", -1, "all", "ALL"])
def test_protocol_all_is_every_port(protocol: object) -> None:
    ports = port_range(protocol, 0, 0)
    assert ports == PortRange(ALL_PROTOCOLS, 0, 65535)
    assert isinstance(ports, PortRange)
    assert ports.is_all_ports
    assert ports.width == 65536


@pytest.mark.parametrize("protocol", ["icmp", "ICMPv6", "1", "58", 1])
def test_icmp_has_no_ports(protocol: object) -> None:
    assert port_range(protocol, -1, -1) is None


def test_tcp_and_udp_ranges_by_name_or_number() -> None:
    assert port_range("tcp", 22, 22) == PortRange("tcp", 22, 22)
    assert port_range("6", "1000", "2000") == PortRange("tcp", 1000, 2000)
    assert port_range(17, 53, 53) == PortRange("udp", 53, 53)
    assert port_range("TCP", None, None) == PortRange("tcp", 0, 65535)
    assert port_range("tcp", 30, 20) == PortRange("tcp", 20, 30)


def test_other_protocol_numbers_open_all_their_ports() -> None:
    assert port_range("50", 0, 0) == PortRange("50", 0, 65535)


def test_unknown_protocol_or_port_is_unknown() -> None:
    unresolved = Unknown("var.port has no value")
    assert port_range(unresolved, 1, 2) is unresolved
    assert port_range("tcp", unresolved, 22) is unresolved
    assert port_range("tcp", 22, unresolved) is unresolved
    assert isinstance(port_range(None, 22, 22), Unknown)
    assert isinstance(port_range("tcp", "ssh", 22), Unknown)
    assert isinstance(port_range("tcp", True, 22), Unknown)


def test_range_arithmetic() -> None:
    web = PortRange("tcp", 80, 443)
    assert web.width == 364
    assert 80 in web and 443 in web and 444 not in web and "80" not in web
    assert web.ports_in([443, 80, 22, 80]) == (80, 443)
    assert web.includes_other_than([80, 443])
    assert not PortRange("tcp", 443, 443).includes_other_than([80, 443])
    assert not PortRange("tcp", 80, 80).is_all_ports
    assert PortRange("tcp", 0, 65535).is_all_ports


def test_risky_ports() -> None:
    assert PortRange("tcp", 20, 25).risky_ports() == (22,)
    assert PortRange("tcp", 3000, 6000).risky_ports() == (3306, 3389, 5432, 5439, 5984)
    assert PortRange("tcp", 80, 443).risky_ports() == ()


def test_descriptions() -> None:
    assert str(PortRange("tcp", 22, 22)) == "tcp/22"
    assert str(PortRange("udp", 1000, 2000)) == "udp/1000-2000"
    assert "every protocol" in str(PortRange(ALL_PROTOCOLS, 0, 65535))
    assert describe_ports([22, 8080, 5432]) == "22 (SSH), 8080, 5432 (PostgreSQL)"
