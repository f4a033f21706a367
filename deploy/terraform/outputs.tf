output "role_arn" {
  description = "Annotate the policycheck-audit ServiceAccount with it: eks.amazonaws.com/role-arn"
  value       = aws_iam_role.audit.arn
}

output "policy_arn" {
  description = "The read-only policy; attach it to each member account's audit role too"
  value       = aws_iam_policy.read_only.arn
}
