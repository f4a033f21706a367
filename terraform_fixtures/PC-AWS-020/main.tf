variable "public" {
  type    = bool
  default = true
}

variable "private" {
  type    = bool
  default = false
}

variable "public_unset" {
  type = bool
}

resource "aws_db_instance" "public" {
  engine = "postgres"
  # ruleid: PC-AWS-020
  publicly_accessible = true
}

resource "aws_db_instance" "public_string" {
  engine = "mysql"
  # ruleid: PC-AWS-020
  publicly_accessible = "true"
}

resource "aws_db_instance" "private" {
  engine = "postgres"
  # ok: PC-AWS-020
  publicly_accessible = false
}

# ok: PC-AWS-020
resource "aws_db_instance" "provider_default" {
  engine = "mariadb"
}

resource "aws_db_instance" "from_variable_default" {
  engine = "postgres"
  # ruleid: PC-AWS-020
  publicly_accessible = var.public
}

resource "aws_db_instance" "from_private_variable" {
  engine = "postgres"
  # ok: PC-AWS-020
  publicly_accessible = var.private
}

resource "aws_db_instance" "from_unset_variable" {
  engine = "postgres"
  # unknown: PC-AWS-020
  publicly_accessible = var.public_unset
}

resource "aws_db_instance" "never_created" {
  count  = 0
  engine = "postgres"
  # ok: PC-AWS-020
  publicly_accessible = true
}

resource "aws_rds_cluster" "aurora" {
  engine            = "aurora-postgresql"
  storage_encrypted = true
}

resource "aws_rds_cluster_instance" "aurora_public" {
  cluster_identifier = aws_rds_cluster.aurora.id
  engine             = aws_rds_cluster.aurora.engine
  instance_class     = "db.r6g.large"
  # ruleid: PC-AWS-020
  publicly_accessible = true
}

# ok: PC-AWS-020
resource "aws_rds_cluster_instance" "aurora_private" {
  cluster_identifier = aws_rds_cluster.aurora.id
  engine             = aws_rds_cluster.aurora.engine
  instance_class     = "db.r6g.large"
}

resource "aws_redshift_cluster" "public" {
  cluster_identifier = "warehouse"
  node_type          = "ra3.xlplus"
  # ruleid: PC-AWS-020
  publicly_accessible = true
}

# ok: PC-AWS-020
resource "aws_redshift_cluster" "provider_v5_default" {
  cluster_identifier = "warehouse-private"
  node_type          = "ra3.xlplus"
}

module "public_db" {
  source = "./modules/db"
  public = true
}
