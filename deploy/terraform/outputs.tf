output "role_arn" {
  description = "Annotate the policycheck-audit ServiceAccount with it: eks.amazonaws.com/role-arn"
  value       = aws_iam_role.audit.arn
}

output "policy_arn" {
  description = "The read-only policy (member-account/ creates the same in each member account)"
  value       = module.read_only_policy.arn
}
