# The audit role of one member account (apply it in each account of accounts-configmap.yaml): only
# the cluster's IRSA role may assume it, and it may only read, with the same policy as that role.

data "aws_iam_policy_document" "trust" {
  statement {
    effect  = "Allow"
    actions = ["sts:AssumeRole"]
    principals {
      type        = "AWS"
      identifiers = [var.audit_role_arn]
    }
  }
}

resource "aws_iam_role" "audit" {
  name                 = var.role_name
  description          = "policycheck audit aws from the audit cluster's IRSA role (read-only)"
  assume_role_policy   = data.aws_iam_policy_document.trust.json
  max_session_duration = 14400
  tags                 = var.tags
}

module "read_only_policy" {
  source = "../modules/read-only-policy"
  role   = aws_iam_role.audit.name
  tags   = var.tags
}

