variable "exports" {
  type    = list(string)
  default = ["postgresql", "upgrade"]
}

variable "exports_unset" {
  type = list(string)
}

resource "aws_db_instance" "exported" {
  engine = "postgres"
  # ok: PC-AWS-093
  enabled_cloudwatch_logs_exports = ["postgresql"]
}

# ruleid: PC-AWS-093
resource "aws_db_instance" "not_exported" {
  engine = "mysql"
}

resource "aws_db_instance" "empty_list" {
  engine = "mysql"
  # ruleid: PC-AWS-093
  enabled_cloudwatch_logs_exports = []
}

resource "aws_rds_cluster" "from_variable_default" {
  engine = "aurora-postgresql"
  # ok: PC-AWS-093
  enabled_cloudwatch_logs_exports = var.exports
}

resource "aws_rds_cluster" "from_unset_variable" {
  engine = "aurora-postgresql"
  # unknown: PC-AWS-093
  enabled_cloudwatch_logs_exports = var.exports_unset
}

# Cluster instances export through their cluster.
# ok: PC-AWS-093
resource "aws_rds_cluster_instance" "member" {
  cluster_identifier = aws_rds_cluster.from_variable_default.id
  engine             = "aurora-postgresql"
  instance_class     = "db.r6g.large"
}

# ok: PC-AWS-093
resource "aws_db_instance" "never_created" {
  count  = 0
  engine = "postgres"
}
