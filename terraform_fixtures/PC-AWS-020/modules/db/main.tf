variable "public" {
  type = bool
}

resource "aws_db_instance" "this" {
  engine = "postgres"
  # ruleid: PC-AWS-020
  publicly_accessible = var.public
}
