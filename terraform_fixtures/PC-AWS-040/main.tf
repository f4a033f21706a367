variable "engine_unset" {
  type = string
}

variable "group_unset" {
  type = string
}

variable "force_ssl_unset" {
  type = string
}

variable "force_ssl_on" {
  type    = string
  default = "1"
}

# PostgreSQL, group by reference, forces TLS.
resource "aws_db_parameter_group" "pg_tls" {
  name   = "pg-tls"
  family = "postgres16"

  parameter {
    name  = "rds.force_ssl"
    value = "1"
  }
}

# ok: PC-AWS-040
resource "aws_db_instance" "pg_tls" {
  engine               = "postgres"
  parameter_group_name = aws_db_parameter_group.pg_tls.name
}

# PostgreSQL, group by literal name, does not set rds.force_ssl.
# ruleid: PC-AWS-040
resource "aws_db_parameter_group" "pg_plain" {
  name   = "pg-plain"
  family = "postgres16"

  parameter {
    name  = "log_connections"
    value = "1"
  }
}

resource "aws_db_instance" "pg_plain" {
  engine               = "postgres"
  parameter_group_name = "pg-plain"
}

# No parameter group: the default group, whatever the version's default.
# ruleid: PC-AWS-040
resource "aws_db_instance" "pg_default" {
  engine = "postgres"
}

resource "aws_db_instance" "mysql_default_dot" {
  engine = "mysql"
  # ruleid: PC-AWS-040
  parameter_group_name = "default.mysql8.0"
}

resource "aws_db_parameter_group" "mysql_off" {
  name   = "mysql-off"
  family = "mysql8.0"

  parameter {
    name = "require_secure_transport"
    # ruleid: PC-AWS-040
    value = "OFF"
  }
}

resource "aws_db_instance" "mysql_off" {
  engine               = "mysql"
  parameter_group_name = aws_db_parameter_group.mysql_off.name
}

resource "aws_db_parameter_group" "mariadb_on" {
  name   = "mariadb-on"
  family = "mariadb10.11"

  parameter {
    name  = "require_secure_transport"
    value = 1
  }
}

# ok: PC-AWS-040
resource "aws_db_instance" "mariadb_on" {
  engine               = "mariadb"
  parameter_group_name = aws_db_parameter_group.mariadb_on.id
}

resource "aws_rds_cluster_parameter_group" "aurora_pg" {
  name   = "aurora-pg-tls"
  family = "aurora-postgresql16"

  parameter {
    name  = "rds.force_ssl"
    value = var.force_ssl_on
  }
}

# ok: PC-AWS-040
resource "aws_rds_cluster" "aurora_pg" {
  engine                          = "aurora-postgresql"
  db_cluster_parameter_group_name = aws_rds_cluster_parameter_group.aurora_pg.name
}

resource "aws_rds_cluster_parameter_group" "aurora_mysql" {
  name   = "aurora-mysql-tls"
  family = "aurora-mysql8.0"

  parameter {
    name  = "require_secure_transport"
    value = "ON"
  }
}

# ok: PC-AWS-040
resource "aws_rds_cluster" "aurora_mysql" {
  engine                          = "aurora-mysql"
  db_cluster_parameter_group_name = "aurora-mysql-tls"
}

# Cluster instances are judged through their cluster.
# ok: PC-AWS-040
resource "aws_rds_cluster_instance" "aurora_mysql" {
  cluster_identifier = aws_rds_cluster.aurora_mysql.id
  engine             = "aurora-mysql"
  instance_class     = "db.r6g.large"
}

# ok: PC-AWS-040
resource "aws_db_instance" "oracle_not_covered" {
  engine = "oracle-ee"
}

resource "aws_db_instance" "engine_unknown" {
  # unknown: PC-AWS-040
  engine = var.engine_unset
}

resource "aws_db_instance" "group_unknown" {
  engine = "postgres"
  # unknown: PC-AWS-040
  parameter_group_name = var.group_unset
}

resource "aws_db_instance" "group_not_in_scan" {
  engine = "postgres"
  # unknown: PC-AWS-040
  parameter_group_name = "managed-elsewhere"
}

resource "aws_db_parameter_group" "value_unknown" {
  name   = "pg-value-unknown"
  family = "postgres16"

  parameter {
    name = "rds.force_ssl"
    # unknown: PC-AWS-040
    value = var.force_ssl_unset
  }
}

resource "aws_db_instance" "value_unknown" {
  engine               = "postgres"
  parameter_group_name = aws_db_parameter_group.value_unknown.name
}

resource "aws_db_instance" "never_created" {
  count  = 0
  engine = "postgres"
  # ok: PC-AWS-040
  parameter_group_name = "default.postgres16"
}

module "db" {
  source    = "./modules/db"
  force_ssl = "0"
}
