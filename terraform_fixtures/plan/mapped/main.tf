# The plan beside this file was made from this root: findings point at these lines.

# ruleid: PC-PLAN-001
resource "aws_db_instance" "main" {
  identifier        = "orders-v2"
  engine            = "postgres"
  instance_class    = "db.r6g.large"
  storage_encrypted = true
  # ruleid: PC-AWS-081
  deletion_protection = false
}

module "staging" {
  # policycheck:ignore=PC-AWS-081 staging data is disposable and recreated nightly
  source = "./modules/db"
  name   = "staging"
}
