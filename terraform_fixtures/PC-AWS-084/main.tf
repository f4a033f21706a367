variable "multi_az" {
  type    = bool
  default = true
}

variable "multi_az_unset" {
  type = bool
}

resource "aws_db_instance" "multi_az" {
  engine = "postgres"
  # ok: PC-AWS-084
  multi_az = true
}

# ruleid: PC-AWS-084
resource "aws_db_instance" "single_az" {
  engine = "postgres"
}

resource "aws_db_instance" "explicitly_single" {
  engine = "mysql"
  # ruleid: PC-AWS-084
  multi_az = false
}

resource "aws_db_instance" "from_variable_default" {
  engine = "postgres"
  # ok: PC-AWS-084
  multi_az = var.multi_az
}

resource "aws_db_instance" "from_unset_variable" {
  engine = "postgres"
  # unknown: PC-AWS-084
  multi_az = var.multi_az_unset
}

# Aurora clusters are multi-AZ by design and not judged.
# ok: PC-AWS-084
resource "aws_rds_cluster" "aurora" {
  engine = "aurora-postgresql"
}

resource "aws_db_instance" "never_created" {
  count  = 0
  engine = "postgres"
  # ok: PC-AWS-084
  multi_az = false
}
