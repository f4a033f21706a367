"""## What
Flags an `aws_cloudfront_distribution` when the `viewer_protocol_policy` of its
`default_cache_behavior` or of any `ordered_cache_behavior` is `allow-all`, or when its
`viewer_certificate` uses the default CloudFront certificate (`cloudfront_default_certificate =
true`, or no custom certificate), or sets a `minimum_protocol_version` below `TLSv1.2_2019`
(unset means `TLSv1`). One finding per problem, at the attribute. UNKNOWN when a deciding
value cannot be resolved or names an unrecognised version.

## Why
`allow-all` serves content over plain HTTP; the default `*.cloudfront.net` certificate and
old security policies keep TLS 1.0/1.1 and weak ciphers available to every viewer.

## Fail example
```hcl
resource "aws_cloudfront_distribution" "site" {
  default_cache_behavior {
    viewer_protocol_policy = "allow-all"
  }
  viewer_certificate {
    cloudfront_default_certificate = true
  }
}
```

## Fix
Set `viewer_protocol_policy = "redirect-to-https"` (or `https-only`) on every cache behaviour,
and use an ACM certificate with `minimum_protocol_version = "TLSv1.2_2021"` and
`ssl_support_method = "sni-only"`.

## References
- https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/secure-connections-supported-viewer-protocols-ciphers.html
- https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/cloudfront_distribution#viewer-certificate-arguments
- Related: CKV_AWS_34 (viewer protocol), CKV_AWS_174 (TLS version) (checkov). Ours is
  stricter: `TLSv1.2_2018` fails (it still allows weaker ciphers) and the default certificate
  fails.
"""
from __future__ import annotations

import re
from collections.abc import Iterator

from policycheck.api import Context, Resource, Result, Unknown, fail, passed, policy, truthy, unknown, values_of

MINIMUM = (2, 2019)
VERSION = re.compile(r"TLSv1(?:\.(\d))?(?:_(\d{4}))?")


@policy(
    id="PC-AWS-032", title="CloudFront allows HTTP viewers or old TLS", severity="high",
    sources=("tf", "plan", "aws"), kinds="aws_cloudfront_distribution",
    checklist="network-security/api-endpoints-https-only",
    related=("CKV_AWS_34", "CKV_AWS_174"),
)
def check(resource: Resource, ctx: Context) -> Iterator[Result]:
    verdicts = [*_behaviours(resource), *_certificate(resource)]
    yield from verdicts
    if not verdicts:
        yield passed("viewers must use HTTPS with TLS 1.2 or later")


def _behaviours(resource: Resource) -> Iterator[Result]:
    for block in ("default_cache_behavior", "ordered_cache_behavior"):
        for index, _ in enumerate(values_of(resource.get(block))):
            path = f"{block}.{index}.viewer_protocol_policy"
            value = resource.get(path)
            if isinstance(value, Unknown):
                yield unknown(f"{path} is not known ({value.reason})", at=path)
            elif value == "allow-all":
                yield fail(f"{path} = \"allow-all\" serves viewers over plain HTTP; use "
                           "redirect-to-https or https-only", at=path)


def _certificate(resource: Resource) -> Iterator[Result]:
    if not values_of(resource.get("viewer_certificate")):
        yield fail("no viewer_certificate: the default CloudFront certificate allows TLS 1.0")
        return
    default = truthy(resource.get("viewer_certificate.0.cloudfront_default_certificate"))
    path = "viewer_certificate.0.cloudfront_default_certificate"
    if isinstance(default, Unknown):
        yield unknown(f"{path} is not known ({default.reason})", at=path)
        return
    custom = any(resource.get(f"viewer_certificate.0.{k}") is not None
                 for k in ("acm_certificate_arn", "iam_certificate_id"))
    if default or not custom:
        yield fail("the distribution uses the default CloudFront certificate, which allows "
                   "TLS 1.0; use an ACM certificate with minimum_protocol_version "
                   "TLSv1.2_2021", at=path if default else "viewer_certificate")
        return
    path = "viewer_certificate.0.minimum_protocol_version"
    version = resource.get(path, "TLSv1")
    if isinstance(version, Unknown):
        yield unknown(f"{path} is not known ({version.reason})", at=path)
        return
    rank = _rank(str(version))
    if rank is None:
        yield unknown(f"{path} = {version!r} is not a recognised version", at=path)
    elif rank < MINIMUM:
        yield fail(f"minimum_protocol_version = {version!r} is below TLSv1.2_2019; use "
                   "TLSv1.2_2021", at=path if resource.get(path) is not None else
                   "viewer_certificate")


def _rank(version: str) -> tuple[int, int] | None:
    """``(minor, year)`` of a CloudFront security policy name (``TLSv1.2_2021`` -> (2, 2021))."""
    if version.strip().upper() == "SSLV3":
        return (-1, 0)
    match = VERSION.fullmatch(version.strip())
    if match is None:
        return None
    return (int(match.group(1) or 0), int(match.group(2) or 0))
