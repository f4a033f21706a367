variable "engine_unset" {
  type = string
}

variable "iam_auth" {
  type    = bool
  default = true
}

resource "aws_db_instance" "postgres_iam" {
  engine = "postgres"
  # ok: PC-AWS-066
  iam_database_authentication_enabled = true
}

# ruleid: PC-AWS-066
resource "aws_db_instance" "postgres_passwords" {
  engine = "postgres"
}

resource "aws_db_instance" "mariadb_off" {
  engine = "mariadb"
  # ruleid: PC-AWS-066
  iam_database_authentication_enabled = false
}

resource "aws_rds_cluster" "aurora_mysql_variable" {
  engine = "aurora-mysql"
  # ok: PC-AWS-066
  iam_database_authentication_enabled = var.iam_auth
}

# ruleid: PC-AWS-066
resource "aws_rds_cluster" "aurora_postgres_unset" {
  engine = "aurora-postgresql"
}

# Not a MySQL or PostgreSQL engine.
# ok: PC-AWS-066
resource "aws_db_instance" "sqlserver" {
  engine = "sqlserver-se"
}

resource "aws_db_instance" "engine_unknown" {
  # unknown: PC-AWS-066
  engine = var.engine_unset
}

resource "aws_db_instance" "never_created" {
  count = 0
  # ok: PC-AWS-066
  engine = "postgres"
}
