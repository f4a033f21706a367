variable "interval" {
  type    = number
  default = 60
}

variable "interval_unset" {
  type = number
}

resource "aws_db_instance" "enhanced_monitoring" {
  engine              = "postgres"
  monitoring_role_arn = "arn:aws:iam::123456789012:role/rds-monitoring"
  # ok: PC-AWS-110
  monitoring_interval = var.interval
}

# ok: PC-AWS-110
resource "aws_db_instance" "performance_insights" {
  engine                       = "postgres"
  performance_insights_enabled = true
}

# ruleid: PC-AWS-110
resource "aws_db_instance" "unmonitored" {
  engine = "mysql"
}

resource "aws_db_instance" "interval_zero" {
  engine                       = "mysql"
  performance_insights_enabled = false
  # ruleid: PC-AWS-110
  monitoring_interval = 0
}

resource "aws_db_instance" "from_unset_variable" {
  engine = "postgres"
  # unknown: PC-AWS-110
  monitoring_interval = var.interval_unset
}

resource "aws_db_instance" "never_created" {
  count  = 0
  engine = "postgres"
  # ok: PC-AWS-110
  monitoring_interval = 0
}
