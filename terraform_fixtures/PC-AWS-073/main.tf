variable "encrypted" {
  type    = bool
  default = false
}

variable "encrypted_unset" {
  type = bool
}

resource "aws_efs_file_system" "encrypted" {
  creation_token = "encrypted"
  # ok: PC-AWS-073
  encrypted = true
}

# ruleid: PC-AWS-073
resource "aws_efs_file_system" "unset" {
  creation_token = "unset"
}

resource "aws_efs_file_system" "from_variable_default" {
  creation_token = "from-variable"
  # ruleid: PC-AWS-073
  encrypted = var.encrypted
}

resource "aws_efs_file_system" "from_unset_variable" {
  creation_token = "from-unset-variable"
  # unknown: PC-AWS-073
  encrypted = var.encrypted_unset
}

resource "aws_efs_file_system" "never_created" {
  count          = 0
  creation_token = "never"
  # ok: PC-AWS-073
  encrypted = false
}
