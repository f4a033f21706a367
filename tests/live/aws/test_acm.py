"""acm: certificates, and the live part of PC-AWS-033 (expiring or unissued certificates)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from policycheck.live.aws.services import acm, elbv2
from policycheck.model import Verdict
from tests.live.aws.audit import audit, network, verdicts
from tests.live.aws.conftest import Moto
from tests.live.aws.recorded import SCOPE, judge, recorded

CERT = "arn:aws:acm:us-east-1:123456789012:certificate/12345678-1234-1234-1234-123456789012"
LB = "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web/50dc6c495c0c9188"
LISTENER = "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/web/50dc6c495c0c9188/3"


def _stamp(days: int) -> str:
    return (datetime.now(UTC) + timedelta(days=days)).strftime("%Y-%m-%dT%H:%M:%SZ")


def _certificates(status: str, expires_in: int | None) -> dict[str, Any]:
    summary: dict[str, Any] = {"CertificateArn": CERT, "DomainName": "shop.example.com",
                               "Status": status, "Type": "AMAZON_ISSUED", "KeyAlgorithm": "RSA_2048",
                               "RenewalEligibility": "ELIGIBLE", "InUse": True}
    if expires_in is not None:
        summary |= {"NotBefore": _stamp(expires_in - 395), "NotAfter": _stamp(expires_in)}
    return recorded("acm", "ListCertificates", {"CertificateSummaryList": [summary]})


def _listener() -> dict[str, Any]:
    listeners = recorded("elbv2", "DescribeListeners", {"Listeners": [
        {"ListenerArn": LISTENER, "LoadBalancerArn": LB, "Port": 443, "Protocol": "HTTPS",
         "SslPolicy": "ELBSecurityPolicy-TLS13-1-2-2021-06",
         "Certificates": [{"CertificateArn": CERT, "IsDefault": True}],
         "DefaultActions": [{"Type": "fixed-response", "FixedResponseConfig": {"StatusCode": "404"}}]}]})
    return {"Listeners": listeners["Listeners"]}


def _verdict(status: str, expires_in: int | None) -> Verdict:
    found = [*acm.normalise(_certificates(status, expires_in), SCOPE), *elbv2.normalise(_listener(), SCOPE)]
    return judge(found, "PC-AWS-033")[("PC-AWS-033", LISTENER)]


def test_certificate_attributes() -> None:
    raw = _certificates("ISSUED", 200)
    (certificate,) = acm.normalise(raw, SCOPE)
    assert (certificate.kind, certificate.address, certificate.get("id")) == ("aws_acm_certificate", CERT, CERT)
    assert certificate.get("status") == "ISSUED"
    assert certificate.get("not_after") == raw["CertificateSummaryList"][0]["NotAfter"]
    assert certificate.get("subject_alternative_names") == ["shop.example.com"]


def test_listener_certificate_must_be_issued_and_not_expiring() -> None:
    assert _verdict("ISSUED", 200) is Verdict.PASS
    assert _verdict("ISSUED", 10) is Verdict.FAIL  # within cert_expiry_days (30)
    assert _verdict("EXPIRED", -3) is Verdict.FAIL
    assert _verdict("PENDING_VALIDATION", None) is Verdict.FAIL
    assert _verdict("ISSUED", None) is Verdict.UNKNOWN  # issued, but no expiry date was read


def test_a_listener_whose_certificate_is_not_in_acm_only_needs_a_certificate_arn() -> None:
    found = elbv2.normalise(_listener(), SCOPE)
    assert judge(found, "PC-AWS-033")[("PC-AWS-033", LISTENER)] is Verdict.PASS


def _self_signed(days: int) -> tuple[bytes, bytes]:
    """A certificate and its key (PEM) valid for ``days`` days from now."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "shop.example.com")])
    now = datetime.now(UTC)
    certificate = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
                   .serial_number(x509.random_serial_number()).not_valid_before(now - timedelta(days=1))
                   .not_valid_after(now + timedelta(days=days)).sign(key, hashes.SHA256()))
    return (certificate.public_bytes(serialization.Encoding.PEM),
            key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL,
                              serialization.NoEncryption()))


@pytest.mark.slow
def test_against_moto(moto: Moto, capsys: pytest.CaptureFixture[str]) -> None:
    acm_client = moto.client("acm")
    pending = acm_client.request_certificate(DomainName="new.example.com")["CertificateArn"]
    body, key = _self_signed(200)
    issued = acm_client.import_certificate(Certificate=body, PrivateKey=key)["CertificateArn"]
    _, subnets = network(moto)
    elb = moto.client("elbv2")
    lb = elb.create_load_balancer(Name="web", Subnets=subnets)["LoadBalancers"][0]["LoadBalancerArn"]
    fixed = [{"Type": "fixed-response", "FixedResponseConfig": {"StatusCode": "404"}}]
    listeners = {certificate: elb.create_listener(
        LoadBalancerArn=lb, Protocol="HTTPS", Port=port, SslPolicy="ELBSecurityPolicy-TLS13-1-2-2021-06",
        Certificates=[{"CertificateArn": certificate}], DefaultActions=fixed)["Listeners"][0]["ListenerArn"]
        for port, certificate in ((443, pending), (8443, issued))}
    code, report = audit(capsys, "elbv2,acm", "--select", "PC-AWS-033")
    found = verdicts(report)
    assert found[("PC-AWS-033", listeners[pending])] == "fail"  # PENDING_VALIDATION
    assert found[("PC-AWS-033", listeners[issued])] == "pass"
    assert code == 1
