variable "multi_region_unset" {
  type = bool
}

resource "aws_cloudtrail" "good" {
  name           = "good"
  s3_bucket_name = "acme-trail"
  # ok: PC-AWS-092
  is_multi_region_trail = true
  # ok: PC-AWS-092
  enable_log_file_validation = true
}

# Neither multi-region nor validating: two findings on the resource.
# ruleid: PC-AWS-092
resource "aws_cloudtrail" "defaults" {
  name           = "defaults"
  s3_bucket_name = "acme-trail"
}

resource "aws_cloudtrail" "single_region" {
  name                       = "single-region"
  s3_bucket_name             = "acme-trail"
  enable_log_file_validation = true
  # ruleid: PC-AWS-092
  is_multi_region_trail = false
}

resource "aws_cloudtrail" "stopped" {
  name                       = "stopped"
  s3_bucket_name             = "acme-trail"
  is_multi_region_trail      = true
  enable_log_file_validation = true
  # ruleid: PC-AWS-092
  enable_logging = false
}

resource "aws_cloudtrail" "from_unset_variable" {
  name                       = "unknown"
  s3_bucket_name             = "acme-trail"
  enable_log_file_validation = true
  # unknown: PC-AWS-092
  is_multi_region_trail = var.multi_region_unset
}

resource "aws_cloudtrail" "never_created" {
  count          = 0
  name           = "never"
  s3_bucket_name = "acme-trail"
  # ok: PC-AWS-092
  is_multi_region_trail = false
}
