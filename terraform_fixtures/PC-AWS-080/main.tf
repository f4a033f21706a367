variable "retention" {
  type    = number
  default = 14
}

variable "retention_unset" {
  type = number
}

resource "aws_db_instance" "week" {
  engine = "postgres"
  # ok: PC-AWS-080
  backup_retention_period = 7
}

resource "aws_db_instance" "one_day" {
  engine = "postgres"
  # ruleid: PC-AWS-080
  backup_retention_period = 1
}

resource "aws_db_instance" "disabled" {
  engine = "mysql"
  # ruleid: PC-AWS-080
  backup_retention_period = 0
}

# ruleid: PC-AWS-080
resource "aws_rds_cluster" "unset" {
  engine = "aurora-postgresql"
}

resource "aws_rds_cluster" "from_variable_default" {
  engine = "aurora-mysql"
  # ok: PC-AWS-080
  backup_retention_period = var.retention
}

resource "aws_db_instance" "from_unset_variable" {
  engine = "postgres"
  # unknown: PC-AWS-080
  backup_retention_period = var.retention_unset
}

resource "aws_db_instance" "never_created" {
  count  = 0
  engine = "postgres"
  # ok: PC-AWS-080
  backup_retention_period = 1
}

module "db" {
  source    = "./modules/db"
  retention = 3
}
