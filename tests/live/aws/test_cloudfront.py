"""cloudfront: distributions' cache behaviours and viewer certificate (PC-AWS-032)."""

from __future__ import annotations

from typing import Any

import pytest

from policycheck.live.aws.services import cloudfront
from policycheck.model import Verdict
from tests.live.aws.audit import audit, verdicts
from tests.live.aws.conftest import ACCOUNT, Moto
from tests.live.aws.recorded import GLOBAL, by_kind, judge, recorded

SITE = "arn:aws:cloudfront::123456789012:distribution/E1SITE"
OLD = "arn:aws:cloudfront::123456789012:distribution/E2OLD"


def _summary(ident: str, arn: str, default_policy: str, ordered_policy: str,
             viewer: dict[str, Any]) -> dict[str, Any]:
    behaviour = {"TargetOriginId": "web", "ViewerProtocolPolicy": default_policy,
                 "AllowedMethods": {"Quantity": 2, "Items": ["GET", "HEAD"],
                                    "CachedMethods": {"Quantity": 2, "Items": ["GET", "HEAD"]}},
                 "Compress": True, "CachePolicyId": "658327ea-f89d-4fab-a63d-7e88639e58f6"}
    return {"Id": ident, "ARN": arn, "Status": "Deployed", "LastModifiedTime": "2024-01-01T00:00:00Z",
            "DomainName": f"{ident.lower()}.cloudfront.net", "Aliases": {"Quantity": 0},
            "Origins": {"Quantity": 1, "Items": [{"Id": "web", "DomainName": "web.example.com",
                                                  "CustomOriginConfig": {
                                                      "HTTPPort": 80, "HTTPSPort": 443,
                                                      "OriginProtocolPolicy": "https-only"}}]},
            "DefaultCacheBehavior": behaviour,
            "CacheBehaviors": {"Quantity": 1, "Items": [
                {**behaviour, "PathPattern": "/static/*", "ViewerProtocolPolicy": ordered_policy}]},
            "CustomErrorResponses": {"Quantity": 0}, "Comment": "", "PriceClass": "PriceClass_100",
            "Enabled": True, "ViewerCertificate": viewer,
            "Restrictions": {"GeoRestriction": {"RestrictionType": "none", "Quantity": 0}},
            "WebACLId": "", "HttpVersion": "http2", "IsIPV6Enabled": True, "Staging": False}


def _raw() -> dict[str, Any]:
    acm = {"ACMCertificateArn": "arn:aws:acm:us-east-1:123456789012:certificate/abc",
           "SSLSupportMethod": "sni-only", "MinimumProtocolVersion": "TLSv1.2_2021",
           "CloudFrontDefaultCertificate": False}
    response = recorded("cloudfront", "ListDistributions", {"DistributionList": {
        "Marker": "", "MaxItems": 100, "IsTruncated": False, "Quantity": 2, "Items": [
            _summary("E1SITE", SITE, "redirect-to-https", "https-only", acm),
            _summary("E2OLD", OLD, "https-only", "allow-all",
                     {"CloudFrontDefaultCertificate": True, "MinimumProtocolVersion": "TLSv1"})]}})
    return {"Items": response["DistributionList"]["Items"]}


def test_distribution_shape() -> None:
    site, old = by_kind(cloudfront.normalise(_raw(), GLOBAL), "aws_cloudfront_distribution")
    assert (site.address, site.get("id")) == (SITE, "E1SITE")
    assert site.location.file == "aws://123456789012"  # global: no region
    assert site.get("default_cache_behavior.0.viewer_protocol_policy") == "redirect-to-https"
    assert site.get("ordered_cache_behavior.0.path_pattern") == "/static/*"
    assert site.get("viewer_certificate.0.minimum_protocol_version") == "TLSv1.2_2021"
    assert old.get("viewer_certificate.0.cloudfront_default_certificate") is True
    assert site.get("origin.0.custom_origin_config.0.origin_protocol_policy") == "https-only"


def test_http_viewers_and_the_default_certificate_fail() -> None:
    verdicts = judge(cloudfront.normalise(_raw(), GLOBAL), "PC-AWS-032")
    assert verdicts == {("PC-AWS-032", SITE): Verdict.PASS, ("PC-AWS-032", OLD): Verdict.FAIL}


@pytest.mark.slow
def test_against_moto(moto: Moto, capsys: pytest.CaptureFixture[str]) -> None:
    config = {"CallerReference": "site", "Comment": "", "Enabled": True,
              "Origins": {"Quantity": 1, "Items": [{"Id": "web", "DomainName": "web.example.com",
                                                    "CustomOriginConfig": {"HTTPPort": 80, "HTTPSPort": 443,
                                                                           "OriginProtocolPolicy": "https-only"}}]},
              "DefaultCacheBehavior": {"TargetOriginId": "web", "ViewerProtocolPolicy": "allow-all", "MinTTL": 0,
                                       "ForwardedValues": {"QueryString": False, "Cookies": {"Forward": "none"}}}}
    arn = moto.client("cloudfront").create_distribution(DistributionConfig=config)["Distribution"]["ARN"]
    code, report = audit(capsys, "cloudfront", "--select", "PC-AWS-032")
    assert verdicts(report) == {("PC-AWS-032", arn): "fail"}
    (finding, *_) = report["findings"]
    assert finding["file"] == f"aws://{ACCOUNT}"  # a global service: no region
    assert code == 1
