variable "archive_name" {
  type = string
}

# ok: PC-AWS-091
resource "aws_s3_bucket" "by_reference" {
  bucket = "acme-lifecycle-ref"
}

resource "aws_s3_bucket_lifecycle_configuration" "by_reference" {
  bucket = aws_s3_bucket.by_reference.id

  rule {
    id     = "expire"
    status = "Enabled"

    expiration {
      days = 90
    }
  }
}

# ok: PC-AWS-091
resource "aws_s3_bucket" "by_name" {
  bucket = "acme-lifecycle-name"
}

resource "aws_s3_bucket_lifecycle_configuration" "by_name" {
  bucket = "acme-lifecycle-name"

  rule {
    id     = "expire"
    status = "Enabled"

    expiration {
      days = 30
    }
  }
}

# ruleid: PC-AWS-091
resource "aws_s3_bucket" "no_lifecycle" {
  bucket = "acme-no-lifecycle"
}

# Provider v3 inline rules.
# ok: PC-AWS-091
resource "aws_s3_bucket" "legacy_inline" {
  bucket = "acme-legacy-lifecycle"

  lifecycle_rule {
    id      = "expire"
    enabled = true

    expiration {
      days = 365
    }
  }
}

# unknown: PC-AWS-091
resource "aws_s3_bucket" "name_unknown" {
  bucket = var.archive_name
}

resource "aws_s3_bucket_lifecycle_configuration" "archive" {
  bucket = "acme-archive"

  rule {
    id     = "glacier"
    status = "Enabled"

    transition {
      days          = 30
      storage_class = "GLACIER"
    }
  }
}

resource "aws_s3_bucket" "never_created" {
  # ok: PC-AWS-091
  count  = 0
  bucket = "acme-never"
}

module "bucket" {
  source = "./modules/bucket"
  name   = "acme-module-bucket"
}
