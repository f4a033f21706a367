variable "encrypted" {
  type = bool
}

resource "aws_db_instance" "this" {
  engine = "postgres"
  # ruleid: PC-AWS-070
  storage_encrypted = var.encrypted
}
