# An account-level block with all four flags covers every bucket of the account.

resource "aws_s3_account_public_access_block" "account" {
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

# ok: PC-AWS-097
resource "aws_s3_bucket" "covered" {
  bucket = "acme-covered"
}

# ok: PC-AWS-097
resource "aws_s3_bucket" "covered_despite_partial_block" {
  bucket = "acme-covered-partial"
}

resource "aws_s3_bucket_public_access_block" "partial" {
  bucket              = aws_s3_bucket.covered_despite_partial_block.id
  block_public_policy = false
}
