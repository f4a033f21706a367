variable "name" {
  type = string
}

resource "aws_db_instance" "this" {
  identifier        = var.name
  engine            = "postgres"
  instance_class    = "db.r6g.large"
  storage_encrypted = true
  # ok: PC-AWS-081
  deletion_protection = false
}
