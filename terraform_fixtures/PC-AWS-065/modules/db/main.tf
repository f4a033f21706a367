variable "password" {
  type      = string
  sensitive = true
}

resource "aws_db_instance" "this" {
  engine   = "postgres"
  username = "app"
  # ruleid: PC-AWS-065
  password = var.password
}
