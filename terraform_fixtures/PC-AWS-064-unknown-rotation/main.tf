variable "secret_id" {
  type = string
}

# unknown: PC-AWS-064
resource "aws_secretsmanager_secret" "maybe" {
  name = "prod/maybe"
}

resource "aws_secretsmanager_secret_rotation" "from_variable" {
  secret_id           = var.secret_id
  rotation_lambda_arn = "arn:aws:lambda:eu-west-1:123456789012:function:rotate"

  rotation_rules {
    automatically_after_days = 30
  }
}
