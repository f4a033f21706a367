variable "db_password" {
  type      = string
  sensitive = true
}

provider "aws" {
  region = "eu-west-1"
  # ruleid: PC-SEC-001
  access_key = "AKIAIOSFODNN7EXAMPLE"
  # ruleid: PC-SEC-001
  secret_key = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzQ8rTmK2Lp9v"
}

resource "aws_db_instance" "hardcoded" {
  engine = "postgres"
  # ruleid: PC-SEC-001
  password = "Winter2024!prod"
}

# ok: PC-SEC-001
resource "aws_db_instance" "from_variable" {
  engine   = "postgres"
  password = var.db_password
}

# ok: PC-SEC-001
resource "aws_db_instance" "placeholder" {
  engine   = "postgres"
  password = "REPLACE_ME"
}

resource "aws_ssm_parameter" "token" {
  name = "/shop/github-token"
  type = "SecureString"
  # ruleid: PC-SEC-001
  value = "ghp_abcdefghijklmnopqrstuvwxyz0123456789"
}

# ok: PC-SEC-001
resource "aws_secretsmanager_secret" "api" {
  name       = "shop/api-key"
  kms_key_id = "alias/shop"
}
