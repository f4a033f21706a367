variable "retention" {
  type = number
}

resource "aws_db_instance" "this" {
  engine = "postgres"
  # ruleid: PC-AWS-080
  backup_retention_period = var.retention
}
