variable "db_password" {
  type      = string
  sensitive = true
}

variable "db_password_with_default" {
  type      = string
  sensitive = true
  default   = "placeholder-only"
}

resource "aws_db_instance" "literal_password" {
  engine   = "postgres"
  username = "app"
  # ruleid: PC-AWS-065
  password = "placeholder-only"
}

# A variable without a value still puts the password in the configuration and state.
resource "aws_db_instance" "variable_password" {
  engine   = "postgres"
  username = "app"
  # ruleid: PC-AWS-065
  password = var.db_password
}

resource "aws_db_instance" "variable_default_password" {
  engine   = "mysql"
  username = "app"
  # ruleid: PC-AWS-065
  password = var.db_password_with_default
}

# ok: PC-AWS-065
resource "aws_db_instance" "managed" {
  engine                      = "postgres"
  username                    = "app"
  manage_master_user_password = true
}

# A read replica inherits its credentials.
# ok: PC-AWS-065
resource "aws_db_instance" "replica" {
  replicate_source_db = aws_db_instance.managed.identifier
  instance_class      = "db.t4g.medium"
}

resource "aws_rds_cluster" "aurora_password" {
  engine          = "aurora-postgresql"
  master_username = "app"
  # ruleid: PC-AWS-065
  master_password = var.db_password
}

# ok: PC-AWS-065
resource "aws_rds_cluster" "aurora_managed" {
  engine                      = "aurora-mysql"
  master_username             = "app"
  manage_master_user_password = true
}

resource "aws_db_instance" "never_created" {
  count    = 0
  engine   = "postgres"
  username = "app"
  # ok: PC-AWS-065
  password = "placeholder-only"
}

module "db" {
  source   = "./modules/db"
  password = var.db_password
}
