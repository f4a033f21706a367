# AWS provider v4+: encryption lives in a separate resource.

# ok: PC-AWS-071
resource "aws_s3_bucket" "by_reference" {
  bucket = "acme-by-reference"
}

resource "aws_s3_bucket_server_side_encryption_configuration" "by_reference" {
  bucket = aws_s3_bucket.by_reference.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "aws:kms"
    }
  }
}

# ok: PC-AWS-071
resource "aws_s3_bucket" "by_bucket_attribute" {
  bucket = "acme-by-bucket-attribute"
}

resource "aws_s3_bucket_server_side_encryption_configuration" "by_bucket_attribute" {
  bucket = aws_s3_bucket.by_bucket_attribute.bucket

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
  }
}

# ok: PC-AWS-071
resource "aws_s3_bucket" "by_name" {
  bucket = "acme-by-name"
}

resource "aws_s3_bucket_server_side_encryption_configuration" "by_name" {
  bucket = "acme-by-name"

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
  }
}

variable "reports_bucket" {
  type    = string
  default = "acme-reports"
}

# ok: PC-AWS-071
resource "aws_s3_bucket" "name_from_variable_default" {
  bucket = var.reports_bucket
}

resource "aws_s3_bucket_server_side_encryption_configuration" "reports" {
  bucket = "acme-reports"

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
  }
}

# Relies on S3's platform default (SSE-S3): stricter than CKV_AWS_19.
# ruleid: PC-AWS-071
resource "aws_s3_bucket" "no_configuration" {
  bucket = "acme-no-configuration"
}

# A configuration for a different bucket does not count.
# ruleid: PC-AWS-071
resource "aws_s3_bucket" "other_bucket_configured" {
  bucket = "acme-other"
}

resource "aws_s3_bucket_server_side_encryption_configuration" "for_someone_else" {
  bucket = "acme-someone-else"

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
  }
}

# A configuration that is never created does not count.
# ruleid: PC-AWS-071
resource "aws_s3_bucket" "configuration_count_zero" {
  bucket = "acme-count-zero"
}

resource "aws_s3_bucket_server_side_encryption_configuration" "count_zero" {
  count  = 0
  bucket = aws_s3_bucket.configuration_count_zero.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
  }
}

resource "aws_s3_bucket" "never_created" {
  # ok: PC-AWS-071
  count  = 0
  bucket = "acme-never-created"
}

variable "archive_bucket" {
  type = string
}

# The configuration names a bucket literally, and this bucket's name is not known.
# unknown: PC-AWS-071
resource "aws_s3_bucket" "name_unknown" {
  bucket = var.archive_bucket
}

resource "aws_s3_bucket_server_side_encryption_configuration" "archive" {
  bucket = "acme-archive"

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
  }
}

# No name: AWS generates one, so no literal can name it.
# ruleid: PC-AWS-071
resource "aws_s3_bucket" "generated_name" {
  bucket_prefix = "acme-"
}
