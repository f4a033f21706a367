resource "aws_iam_policy" "ops" {
  name = "ops"
  # ruleid: PC-AWS-060
  policy = jsonencode({
    Statement = [{ Effect = "allow", Action = "*", Resource = ["arn:aws:*:*:*:*"] }]
  })
}
