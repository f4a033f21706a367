# The read-only IAM policy of `policycheck audit aws` (audit-policy.json): what it calls, nothing
# else (no `*` action, no write), attached to the IRSA role (../..) and to each member account's
# role (../../member-account). audit-policy.json is exactly the output of
# `policycheck audit aws --print-iam-policy` (a test compares them); policycheck evaluates file(),
# so its own PC-AWS-060/061 judge the document.

locals {
  document = file("${path.module}/audit-policy.json")
}

output "json" {
  description = "The policy document as JSON"
  value       = local.document
}

variable "role" {
  description = "Name of the IAM role the policy is attached to"
  type        = string
}

variable "tags" {
  description = "Tags of the policy"
  type        = map(string)
  default     = {}
}

resource "aws_iam_policy" "this" {
  name        = "policycheck-audit-read-only"
  description = "The read-only calls of policycheck audit aws (policycheck audit aws --print-iam-policy)"
  policy      = local.document
  tags        = var.tags
}

resource "aws_iam_role_policy_attachment" "this" {
  role       = var.role
  policy_arn = aws_iam_policy.this.arn
}

output "arn" {
  description = "ARN of the policy"
  value       = aws_iam_policy.this.arn
}
