variable "force_ssl" {
  type = string
}

resource "aws_db_parameter_group" "this" {
  name   = "module-pg"
  family = "postgres16"

  parameter {
    name = "rds.force_ssl"
    # ruleid: PC-AWS-040
    value = var.force_ssl
  }
}

resource "aws_db_instance" "this" {
  engine               = "postgres"
  parameter_group_name = aws_db_parameter_group.this.name
}
