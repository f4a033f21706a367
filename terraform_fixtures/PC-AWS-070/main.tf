variable "encrypted" {
  type    = bool
  default = true
}

variable "unencrypted" {
  type    = bool
  default = false
}

variable "encrypted_unset" {
  type = bool
}

resource "aws_db_instance" "encrypted" {
  engine = "postgres"
  # ok: PC-AWS-070
  storage_encrypted = true
}

resource "aws_db_instance" "unencrypted" {
  engine = "postgres"
  # ruleid: PC-AWS-070
  storage_encrypted = false
}

# ruleid: PC-AWS-070
resource "aws_db_instance" "unset" {
  engine = "mysql"
}

resource "aws_db_instance" "string_true" {
  engine = "mysql"
  # ok: PC-AWS-070
  storage_encrypted = "true"
}

resource "aws_db_instance" "from_variable_default" {
  engine = "postgres"
  # ok: PC-AWS-070
  storage_encrypted = var.encrypted
}

resource "aws_db_instance" "from_false_variable_default" {
  engine = "postgres"
  # ruleid: PC-AWS-070
  storage_encrypted = var.unencrypted
}

resource "aws_db_instance" "from_unset_variable" {
  engine = "postgres"
  # unknown: PC-AWS-070
  storage_encrypted = var.encrypted_unset
}

resource "aws_db_instance" "never_created" {
  count  = 0
  engine = "postgres"
  # ok: PC-AWS-070
  storage_encrypted = false
}

# Aurora: unset is a FAIL even where AWS would encrypt anyway.
# ruleid: PC-AWS-070
resource "aws_rds_cluster" "aurora_unset" {
  engine = "aurora-postgresql"
}

# Aurora Serverless v1 is always encrypted.
resource "aws_rds_cluster" "aurora_serverless_v1_unset" {
  engine = "aurora-mysql"
  # ok: PC-AWS-070
  engine_mode = "serverless"
}

resource "aws_rds_cluster" "aurora_serverless_v1_false" {
  engine            = "aurora-postgresql"
  # ok: PC-AWS-070
  engine_mode       = "serverless"
  storage_encrypted = false
}

# Aurora Serverless v2 runs on provisioned clusters: not encrypted unless asked.
# ruleid: PC-AWS-070
resource "aws_rds_cluster" "aurora_provisioned_unset" {
  engine      = "aurora-postgresql"
  engine_mode = "provisioned"
}

resource "aws_rds_cluster" "aurora_encrypted" {
  engine = "aurora-mysql"
  # ok: PC-AWS-070
  storage_encrypted = true
}

resource "aws_rds_cluster" "multi_az_cluster_unencrypted" {
  engine = "postgres"
  # ruleid: PC-AWS-070
  storage_encrypted = false
}

# Cluster instances inherit the cluster's encryption and are not judged.
# ok: PC-AWS-070
resource "aws_rds_cluster_instance" "member" {
  cluster_identifier = aws_rds_cluster.aurora_encrypted.id
  engine             = "aurora-mysql"
  instance_class     = "db.r6g.large"
}

module "plain_db" {
  source    = "./modules/db"
  encrypted = false
}
