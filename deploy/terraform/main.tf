# IRSA: the policycheck-audit ServiceAccount of the policycheck namespace (and nothing else) may
# assume this role, which may read, never write: the read-only actions of the audited services
# (modules/read-only-policy) and, for organisation-wide audits, sts:AssumeRole into the listed member
# accounts' audit roles.

data "aws_iam_policy_document" "trust" {
  statement {
    effect  = "Allow"
    actions = ["sts:AssumeRoleWithWebIdentity"]
    principals {
      type        = "Federated"
      identifiers = [var.oidc_provider_arn]
    }
    condition {
      test     = "StringEquals"
      variable = "${var.oidc_issuer}:sub"
      values   = ["system:serviceaccount:${var.namespace}:${var.service_account}"]
    }
    condition {
      test     = "StringEquals"
      variable = "${var.oidc_issuer}:aud"
      values   = ["sts.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "audit" {
  name                 = "policycheck-audit"
  description          = "policycheck audit aws from the policycheck-audit ServiceAccount (read-only)"
  assume_role_policy   = data.aws_iam_policy_document.trust.json
  max_session_duration = 14400
  tags                 = var.tags
}

data "aws_iam_policy_document" "assume_members" {
  count = length(var.member_role_arns) > 0 ? 1 : 0
  statement {
    effect    = "Allow"
    actions   = ["sts:AssumeRole"]
    resources = var.member_role_arns
  }
}

resource "aws_iam_role_policy" "assume_members" {
  count  = length(var.member_role_arns) > 0 ? 1 : 0
  name   = "assume-member-audit-roles"
  role   = aws_iam_role.audit.id
  policy = data.aws_iam_policy_document.assume_members[0].json
}

module "read_only_policy" {
  source = "./modules/read-only-policy"
  role   = aws_iam_role.audit.name
  tags   = var.tags
}
