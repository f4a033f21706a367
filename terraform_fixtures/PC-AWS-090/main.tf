variable "retention" {
  type    = number
  default = 400
}

variable "retention_unset" {
  type = number
}

resource "aws_cloudwatch_log_group" "year" {
  name = "/app/year"
  # ok: PC-AWS-090
  retention_in_days = 365
}

# Unset: logs are kept forever.
# ruleid: PC-AWS-090
resource "aws_cloudwatch_log_group" "forever" {
  name = "/app/forever"
}

resource "aws_cloudwatch_log_group" "never_expire" {
  name = "/app/never-expire"
  # ruleid: PC-AWS-090
  retention_in_days = 0
}

resource "aws_cloudwatch_log_group" "month" {
  name = "/app/month"
  # ruleid: PC-AWS-090
  retention_in_days = 30
}

resource "aws_cloudwatch_log_group" "from_variable_default" {
  name = "/app/variable"
  # ok: PC-AWS-090
  retention_in_days = var.retention
}

resource "aws_cloudwatch_log_group" "from_unset_variable" {
  name = "/app/unknown"
  # unknown: PC-AWS-090
  retention_in_days = var.retention_unset
}

resource "aws_cloudwatch_log_group" "never_created" {
  count = 0
  name  = "/app/never"
  # ok: PC-AWS-090
  retention_in_days = 1
}

module "logs" {
  source    = "./modules/logs"
  retention = 7
}
