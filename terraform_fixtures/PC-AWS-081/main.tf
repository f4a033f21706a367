variable "protect" {
  type    = bool
  default = true
}

variable "protect_unset" {
  type = bool
}

resource "aws_db_instance" "protected" {
  engine = "postgres"
  # ok: PC-AWS-081
  deletion_protection = true
}

resource "aws_db_instance" "unprotected" {
  engine = "postgres"
  # ruleid: PC-AWS-081
  deletion_protection = false
}

# ruleid: PC-AWS-081
resource "aws_rds_cluster" "unset" {
  engine = "aurora-postgresql"
}

resource "aws_rds_cluster" "from_variable_default" {
  engine = "aurora-mysql"
  # ok: PC-AWS-081
  deletion_protection = var.protect
}

resource "aws_rds_cluster" "from_unset_variable" {
  engine = "aurora-mysql"
  # unknown: PC-AWS-081
  deletion_protection = var.protect_unset
}

resource "aws_db_instance" "never_created" {
  count  = 0
  engine = "postgres"
  # ok: PC-AWS-081
  deletion_protection = false
}
