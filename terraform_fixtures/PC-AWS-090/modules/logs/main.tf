variable "retention" {
  type = number
}

resource "aws_cloudwatch_log_group" "this" {
  name = "/module/logs"
  # ruleid: PC-AWS-090
  retention_in_days = var.retention
}
