# A configuration whose bucket is not known may apply to any bucket of the scan:
# buckets without a definite configuration are UNKNOWN, never guessed.
variable "target_bucket" {
  type = string
}

resource "aws_s3_bucket_server_side_encryption_configuration" "somewhere" {
  bucket = var.target_bucket

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
  }
}

# unknown: PC-AWS-071
resource "aws_s3_bucket" "maybe_encrypted" {
  bucket = "acme-maybe"
}

# ok: PC-AWS-071
resource "aws_s3_bucket" "surely_encrypted" {
  bucket = "acme-surely"

  server_side_encryption_configuration {
    rule {
      apply_server_side_encryption_by_default {
        sse_algorithm = "AES256"
      }
    }
  }
}
