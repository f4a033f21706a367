"""ACM certificates: status and validity dates, for the certificate check of HTTPS listeners.

One paginated ListCertificates per region: its summaries carry the status and the NotBefore/
NotAfter dates, so no per-certificate DescribeCertificate is needed. Every key type is listed
(the API lists only RSA_2048 certificates unless told otherwise).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from policycheck.live.aws.scope import Scope
from policycheck.live.aws.shape import iso, resource
from policycheck.model import Resource

if TYPE_CHECKING:
    from policycheck.live.aws.api import ServiceApi

SERVICE = "acm"
GLOBAL = False
ACTIONS = {"ListCertificates": "acm:ListCertificates"}
KINDS = ("aws_acm_certificate",)
KEY_TYPES = ("RSA_1024", "RSA_2048", "RSA_3072", "RSA_4096", "EC_prime256v1", "EC_secp384r1",
             "EC_secp521r1")


def collect(api: ServiceApi) -> dict[str, Any]:
    return {"CertificateSummaryList": api.paginate(
        "ListCertificates", "CertificateSummaryList", Includes={"keyTypes": list(KEY_TYPES)})}


def normalise(raw: dict[str, Any], scope: Scope) -> list[Resource]:
    return [_certificate(c, scope) for c in raw.get("CertificateSummaryList", [])]


def _certificate(summary: dict[str, Any], scope: Scope) -> Resource:
    arn = summary["CertificateArn"]
    names = summary.get("SubjectAlternativeNameSummaries") or [summary.get("DomainName")]
    attributes = {
        "id": arn, "arn": arn, "domain_name": summary.get("DomainName"),
        "subject_alternative_names": [n for n in names if n],
        "status": summary.get("Status"), "type": summary.get("Type"),
        "key_algorithm": summary.get("KeyAlgorithm"),
        "not_before": iso(summary.get("NotBefore")), "not_after": iso(summary.get("NotAfter")),
        "renewal_eligibility": summary.get("RenewalEligibility"),
    }
    return resource(scope, "aws_acm_certificate", arn, attributes)
