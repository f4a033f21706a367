variable "skip" {
  type    = bool
  default = true
}

variable "skip_unset" {
  type = bool
}

resource "aws_db_instance" "skips" {
  engine = "postgres"
  # ruleid: PC-AWS-082
  skip_final_snapshot = true
}

resource "aws_db_instance" "keeps" {
  engine                    = "postgres"
  final_snapshot_identifier = "keeps-final"
  # ok: PC-AWS-082
  skip_final_snapshot = false
}

# Provider default: a final snapshot is taken.
# ok: PC-AWS-082
resource "aws_rds_cluster" "unset" {
  engine                    = "aurora-postgresql"
  final_snapshot_identifier = "unset-final"
}

resource "aws_rds_cluster" "from_variable_default" {
  engine = "aurora-mysql"
  # ruleid: PC-AWS-082
  skip_final_snapshot = var.skip
}

resource "aws_db_instance" "from_unset_variable" {
  engine = "mysql"
  # unknown: PC-AWS-082
  skip_final_snapshot = var.skip_unset
}

resource "aws_db_instance" "never_created" {
  count  = 0
  engine = "postgres"
  # ok: PC-AWS-082
  skip_final_snapshot = true
}
