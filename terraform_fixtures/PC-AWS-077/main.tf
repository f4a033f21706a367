variable "vault_key_unset" {
  type = string
}

resource "aws_kms_key" "backup" {
  enable_key_rotation = true
}

# ok: PC-AWS-077
resource "aws_backup_vault" "customer_key" {
  name        = "customer-key"
  kms_key_arn = aws_kms_key.backup.arn
}

# ruleid: PC-AWS-077
resource "aws_backup_vault" "aws_managed" {
  name = "aws-managed"
}

resource "aws_backup_vault" "from_unset_variable" {
  name = "unknown"
  # unknown: PC-AWS-077
  kms_key_arn = var.vault_key_unset
}

resource "aws_backup_vault" "never_created" {
  # ok: PC-AWS-077
  count = 0
  name  = "never"
}
