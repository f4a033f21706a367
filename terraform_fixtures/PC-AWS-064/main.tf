# ok: PC-AWS-064
resource "aws_secretsmanager_secret" "rotated" {
  name = "prod/db"
}

resource "aws_secretsmanager_secret_rotation" "rotated" {
  secret_id           = aws_secretsmanager_secret.rotated.id
  rotation_lambda_arn = "arn:aws:lambda:eu-west-1:123456789012:function:rotate"

  rotation_rules {
    automatically_after_days = 30
  }
}

# ruleid: PC-AWS-064
resource "aws_secretsmanager_secret" "static" {
  name = "prod/api-key"
}

# ok: PC-AWS-064
resource "aws_secretsmanager_secret" "disabled" {
  count = 0
  name  = "prod/disabled"
}
