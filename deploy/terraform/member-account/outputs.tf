output "role_arn" {
  description = "This account's line of deploy/accounts-configmap.yaml"
  value       = aws_iam_role.audit.arn
}
