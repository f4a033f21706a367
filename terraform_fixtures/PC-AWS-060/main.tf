variable "policy_json" {
  type = string
}

resource "aws_iam_policy" "admin_jsonencode" {
  name = "admin"
  # ruleid: PC-AWS-060
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Effect = "Allow", Action = "s3:GetObject", Resource = "arn:aws:s3:::reports/*" },
      { Sid = "Everything", Effect = "Allow", Action = ["*"], Resource = "*" },
    ]
  })
}

resource "aws_iam_role_policy" "admin_heredoc" {
  name = "admin"
  role = "app"
  # ruleid: PC-AWS-060
  policy = <<-JSON
    {
      "Version": "2012-10-17",
      "Statement": {"Effect": "Allow", "Action": "*:*", "Resource": "*"}
    }
  JSON
}

resource "aws_iam_policy" "not_resource" {
  name = "almost-admin"
  # ruleid: PC-AWS-060
  policy = jsonencode({
    Statement = [{ Effect = "Allow", Action = "*", NotResource = "arn:aws:s3:::audit/*" }]
  })
}

resource "aws_iam_policy" "scoped" {
  name = "scoped"
  # ok: PC-AWS-060
  policy = jsonencode({
    Statement = [{ Effect = "Allow", Action = "*", Resource = "arn:aws:s3:::scratch/*" }]
  })
}

resource "aws_iam_policy" "deny_all" {
  name = "deny"
  # ok: PC-AWS-060
  policy = jsonencode({
    Statement = [{ Effect = "Deny", Action = "*", Resource = "*" }]
  })
}

resource "aws_iam_policy" "from_variable" {
  name = "unknown"
  # unknown: PC-AWS-060
  policy = var.policy_json
}

data "aws_iam_policy_document" "admin" {
  statement {
    actions   = ["*"]
    resources = ["*"]
  }
}

data "aws_iam_policy_document" "read_only" {
  statement {
    sid       = "Read"
    actions   = ["ec2:Describe*", "s3:GetObject"]
    resources = ["*"]
  }
}

data "aws_iam_policy_document" "overridden" {
  source_policy_documents = [data.aws_iam_policy_document.read_only.json]

  statement {
    sid       = "Read"
    actions   = ["*"]
    resources = ["*"]
  }

  override_policy_documents = [jsonencode({
    Statement = [{ Sid = "Read", Effect = "Allow", Action = "ec2:Describe*", Resource = "*" }]
  })]
}

resource "aws_iam_user_policy" "admin_document" {
  name = "admin"
  user = "ops"
  # ruleid: PC-AWS-060
  policy = data.aws_iam_policy_document.admin.json
}

resource "aws_iam_group_policy" "read_only" {
  name  = "read"
  group = "readers"
  # ok: PC-AWS-060
  policy = data.aws_iam_policy_document.read_only.json
}

resource "aws_iam_policy" "overridden" {
  name = "overridden"
  # ok: PC-AWS-060
  policy = data.aws_iam_policy_document.overridden.json
}

resource "aws_iam_role" "app" {
  name = "app"
  # ok: PC-AWS-060
  assume_role_policy = jsonencode({
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole",
    Principal = { Service = "ec2.amazonaws.com" } }]
  })

  inline_policy {
    name = "admin"
    # ruleid: PC-AWS-060
    policy = data.aws_iam_policy_document.admin.json
  }
}

resource "aws_iam_policy" "disabled" {
  count = 0
  name  = "disabled"
  # ok: PC-AWS-060
  policy = data.aws_iam_policy_document.admin.json
}

module "ops" {
  source = "./modules/ops"
}
