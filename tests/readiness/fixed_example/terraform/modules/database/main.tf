resource "aws_db_parameter_group" "tls" {
  name   = "${var.name}-postgres16-tls"
  family = "postgres16"

  parameter {
    name  = "rds.force_ssl"
    value = "1"
  }
}

resource "aws_db_instance" "this" {
  identifier                          = var.name
  engine                              = "postgres"
  engine_version                      = "16.3"
  instance_class                      = "db.t4g.medium"
  allocated_storage                   = 50
  storage_encrypted                   = var.encrypted
  manage_master_user_password         = true
  username                            = "app"
  vpc_security_group_ids              = var.security_group_ids
  parameter_group_name                = aws_db_parameter_group.tls.name
  iam_database_authentication_enabled = true
  enabled_cloudwatch_logs_exports     = ["postgresql", "upgrade"]
  performance_insights_enabled        = true
  backup_retention_period             = 14
  deletion_protection                 = true
  multi_az                            = true
  publicly_accessible                 = false
  tags                                = var.tags
}

resource "aws_db_instance" "replica" {
  identifier                          = "${var.name}-reporting"
  replicate_source_db                 = aws_db_instance.this.identifier
  engine                              = "postgres"
  instance_class                      = "db.t4g.small"
  # The BI vendor reaches the reporting replica through the VPN, not the internet.
  publicly_accessible                 = false
  storage_encrypted                   = var.encrypted
  parameter_group_name                = aws_db_parameter_group.tls.name
  iam_database_authentication_enabled = true
  enabled_cloudwatch_logs_exports     = ["postgresql", "upgrade"]
  performance_insights_enabled        = true
  backup_retention_period             = 7
  deletion_protection                 = true
  multi_az                            = true
  tags                                = var.tags
}
