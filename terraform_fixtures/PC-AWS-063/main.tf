variable "rotate" {
  type = bool
}

resource "aws_kms_key" "rotated" {
  description = "rotated"
  # ok: PC-AWS-063
  enable_key_rotation = true
}

# ruleid: PC-AWS-063
resource "aws_kms_key" "default" {
  description = "rotation unset"
}

resource "aws_kms_key" "disabled_rotation" {
  description = "rotation off"
  # ruleid: PC-AWS-063
  enable_key_rotation = false
}

resource "aws_kms_key" "signing" {
  description = "asymmetric signing key"
  key_usage   = "SIGN_VERIFY"
  # ok: PC-AWS-063
  customer_master_key_spec = "RSA_2048"
}

resource "aws_kms_key" "hmac" {
  description = "hmac key"
  # ok: PC-AWS-063
  key_usage                = "GENERATE_VERIFY_MAC"
  customer_master_key_spec = "HMAC_256"
}

resource "aws_kms_key" "explicit_symmetric" {
  description              = "symmetric"
  customer_master_key_spec = "SYMMETRIC_DEFAULT"
  # ruleid: PC-AWS-063
  enable_key_rotation = "false"
}

resource "aws_kms_key" "from_variable" {
  description = "variable"
  # unknown: PC-AWS-063
  enable_key_rotation = var.rotate
}
