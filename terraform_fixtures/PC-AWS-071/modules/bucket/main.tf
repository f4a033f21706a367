variable "name" {
  type = string
}

# ok: PC-AWS-071
resource "aws_s3_bucket" "this" {
  bucket = var.name
}

resource "aws_s3_bucket_server_side_encryption_configuration" "this" {
  bucket = aws_s3_bucket.this.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "aws:kms"
    }
  }
}

# ruleid: PC-AWS-071
resource "aws_s3_bucket" "unencrypted_logs" {
  bucket = "${var.name}-logs"
}
