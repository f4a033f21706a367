variable "block_unset" {
  type = bool
}

# ok: PC-AWS-097
resource "aws_s3_bucket" "blocked" {
  bucket = "acme-blocked"
}

resource "aws_s3_bucket_public_access_block" "blocked" {
  bucket                  = aws_s3_bucket.blocked.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

# ok: PC-AWS-097
resource "aws_s3_bucket" "blocked_by_name" {
  bucket = "acme-blocked-by-name"
}

resource "aws_s3_bucket_public_access_block" "blocked_by_name" {
  bucket                  = "acme-blocked-by-name"
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket" "partially_blocked" {
  bucket = "acme-partial"
}

resource "aws_s3_bucket_public_access_block" "partial" {
  bucket            = aws_s3_bucket.partially_blocked.id
  block_public_acls = true
  # ruleid: PC-AWS-097
  block_public_policy     = false
  ignore_public_acls      = true
  restrict_public_buckets = true
}

# Unset flags are false.
resource "aws_s3_bucket" "flags_unset" {
  bucket = "acme-flags-unset"
}

# ruleid: PC-AWS-097
resource "aws_s3_bucket_public_access_block" "flags_unset" {
  bucket            = aws_s3_bucket.flags_unset.bucket
  block_public_acls = true
}

# ruleid: PC-AWS-097
resource "aws_s3_bucket" "no_block" {
  bucket = "acme-no-block"
}

resource "aws_s3_bucket" "flag_unknown" {
  bucket = "acme-flag-unknown"
}

resource "aws_s3_bucket_public_access_block" "flag_unknown" {
  bucket                  = aws_s3_bucket.flag_unknown.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  # unknown: PC-AWS-097
  restrict_public_buckets = var.block_unset
}

# ruleid: PC-AWS-097
resource "aws_s3_bucket" "block_count_zero" {
  bucket = "acme-block-count-zero"
}

resource "aws_s3_bucket_public_access_block" "count_zero" {
  count                   = 0
  bucket                  = aws_s3_bucket.block_count_zero.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

module "bucket" {
  source = "./modules/bucket"
  name   = "acme-module-blocked"
}
