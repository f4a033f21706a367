variable "policy_unset" {
  type = string
}

# ok: PC-AWS-042
resource "aws_s3_bucket" "jsonencode" {
  bucket = "acme-tls-jsonencode"
}

resource "aws_s3_bucket_policy" "jsonencode" {
  bucket = aws_s3_bucket.jsonencode.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "DenyInsecureTransport"
      Effect    = "Deny"
      Principal = "*"
      Action    = "s3:*"
      Resource  = ["arn:aws:s3:::acme-tls-jsonencode", "arn:aws:s3:::acme-tls-jsonencode/*"]
      Condition = { Bool = { "aws:SecureTransport" = "false" } }
    }]
  })
}

# ok: PC-AWS-042
resource "aws_s3_bucket" "document" {
  bucket = "acme-tls-document"
}

data "aws_iam_policy_document" "tls_only" {
  statement {
    sid     = "DenyInsecureTransport"
    effect  = "Deny"
    actions = ["s3:*"]
    resources = [
      "arn:aws:s3:::acme-tls-document",
      "arn:aws:s3:::acme-tls-document/*",
    ]

    principals {
      type        = "*"
      identifiers = ["*"]
    }

    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }
}

resource "aws_s3_bucket_policy" "document_by_name" {
  bucket = "acme-tls-document"
  policy = data.aws_iam_policy_document.tls_only.json
}

# Provider v3 inline policy as a JSON string.
# ok: PC-AWS-042
resource "aws_s3_bucket" "legacy_inline" {
  bucket = "acme-tls-legacy"
  policy = <<POLICY
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Deny",
      "Principal": {"AWS": "*"},
      "Action": "s3:*",
      "Resource": "arn:aws:s3:::acme-tls-legacy/*",
      "Condition": {"Bool": {"aws:SecureTransport": false}}
    }
  ]
}
POLICY
}

# ruleid: PC-AWS-042
resource "aws_s3_bucket" "no_policy" {
  bucket = "acme-no-policy"
}

resource "aws_s3_bucket" "allow_only" {
  bucket = "acme-allow-only"
}

resource "aws_s3_bucket_policy" "allow_only" {
  bucket = aws_s3_bucket.allow_only.id
  # ruleid: PC-AWS-042
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::123456789012:root" }
      Action    = "s3:GetObject"
      Resource  = "arn:aws:s3:::acme-allow-only/*"
    }]
  })
}

resource "aws_s3_bucket" "partial_deny" {
  bucket = "acme-partial-deny"
}

# Denies plain HTTP only for reads: uploads still accepted without TLS.
resource "aws_s3_bucket_policy" "partial_deny" {
  bucket = aws_s3_bucket.partial_deny.bucket
  # ruleid: PC-AWS-042
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Deny"
      Principal = "*"
      Action    = "s3:GetObject"
      Resource  = "arn:aws:s3:::acme-partial-deny/*"
      Condition = { Bool = { "aws:SecureTransport" = "false" } }
    }]
  })
}

resource "aws_s3_bucket" "policy_unknown" {
  bucket = "acme-policy-unknown"
}

resource "aws_s3_bucket_policy" "policy_unknown" {
  bucket = aws_s3_bucket.policy_unknown.id
  # unknown: PC-AWS-042
  policy = var.policy_unset
}

resource "aws_s3_bucket" "never_created" {
  # ok: PC-AWS-042
  count  = 0
  bucket = "acme-never"
}
