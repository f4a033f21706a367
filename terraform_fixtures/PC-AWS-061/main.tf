variable "actions" {
  type = list(string)
}

variable "bucket_arn" {
  type    = string
  default = "*"
}

data "aws_iam_policy_document" "s3_everything" {
  statement {
    actions   = ["s3:*"]
    resources = ["*"]
  }
}

data "aws_iam_policy_document" "s3_bucket" {
  statement {
    actions   = ["s3:*"]
    resources = ["arn:aws:s3:::uploads", "arn:aws:s3:::uploads/*"]
  }
}

resource "aws_iam_role_policy" "s3_everything" {
  name = "s3"
  role = "app"
  # ruleid: PC-AWS-061
  policy = data.aws_iam_policy_document.s3_everything.json
}

resource "aws_iam_role_policy" "s3_bucket" {
  name = "s3"
  role = "app"
  # ok: PC-AWS-061
  policy = data.aws_iam_policy_document.s3_bucket.json
}

resource "aws_iam_policy" "iam_upper_case" {
  name = "iam"
  # ruleid: PC-AWS-061
  policy = jsonencode({
    Statement = [{ Effect = "Allow", Action = ["IAM:*", "sts:GetCallerIdentity"], Resource = "*" }]
  })
}

resource "aws_iam_policy" "resource_from_variable_default" {
  name = "dynamodb"
  # ruleid: PC-AWS-061
  policy = jsonencode({
    Statement = [{ Effect = "Allow", Action = "dynamodb:*", Resource = var.bucket_arn }]
  })
}

resource "aws_iam_policy" "specific_actions" {
  name = "specific"
  # ok: PC-AWS-061
  policy = jsonencode({
    Statement = [{ Effect = "Allow", Action = ["s3:Get*", "s3:List*"], Resource = "*" }]
  })
}

resource "aws_iam_policy" "full_admin_is_pc_aws_060" {
  name = "admin"
  # ok: PC-AWS-061
  policy = jsonencode({
    Statement = [{ Effect = "Allow", Action = "*", Resource = "*" }]
  })
}

resource "aws_iam_policy" "deny_service" {
  name = "deny"
  # ok: PC-AWS-061
  policy = jsonencode({
    Statement = [{ Effect = "Deny", Action = "iam:*", Resource = "*" }]
  })
}

resource "aws_iam_policy" "actions_from_variable" {
  name = "unknown"
  # unknown: PC-AWS-061
  policy = jsonencode({
    Statement = [{ Effect = "Allow", Action = var.actions, Resource = "*" }]
  })
}

resource "aws_iam_role" "worker" {
  name               = "worker"
  assume_role_policy = "{}"

  inline_policy {
    name = "queues"
    # ruleid: PC-AWS-061
    policy = jsonencode({
      Statement = [{ Effect = "Allow", Action = "sqs:*", Resource = "*" }]
    })
  }
}

resource "aws_iam_policy" "disabled" {
  count = 0
  name  = "disabled"
  # ok: PC-AWS-061
  policy = data.aws_iam_policy_document.s3_everything.json
}

module "worker" {
  source = "./modules/worker"
}
