# AWS provider v3: encryption configured inline on the bucket.

# ok: PC-AWS-071
resource "aws_s3_bucket" "legacy_encrypted" {
  bucket = "acme-legacy-encrypted"

  server_side_encryption_configuration {
    rule {
      apply_server_side_encryption_by_default {
        sse_algorithm = "aws:kms"
      }
    }
  }
}

# ruleid: PC-AWS-071
resource "aws_s3_bucket" "legacy_plain" {
  bucket = "acme-legacy-plain"
  acl    = "private"
}
