resource "aws_db_instance" "this" {
  identifier                  = var.name
  engine                      = "postgres"
  engine_version              = "16.3"
  instance_class              = "db.t4g.medium"
  allocated_storage           = 50
  storage_encrypted           = var.encrypted
  manage_master_user_password = true
  username                    = "app"
  vpc_security_group_ids      = var.security_group_ids
  backup_retention_period     = 14
  deletion_protection         = true
  multi_az                    = true
  publicly_accessible         = false
  tags                        = var.tags
}

resource "aws_db_instance" "replica" {
  identifier          = "${var.name}-reporting"
  replicate_source_db = aws_db_instance.this.identifier
  instance_class      = "db.t4g.small"
  # The reporting replica is reachable by the BI vendor.
  publicly_accessible = true
  storage_encrypted   = var.encrypted
  tags                = var.tags
}
