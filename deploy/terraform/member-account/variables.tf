variable "audit_role_arn" {
  description = "The IRSA role of the cluster that runs the audits (output role_arn of deploy/terraform)"
  type        = string
}

variable "role_name" {
  description = "Name of this account's audit role: the name in deploy/accounts-configmap.yaml"
  type        = string
  default     = "policycheck-audit"
}

variable "tags" {
  description = "Tags of the IAM role and policy"
  type        = map(string)
  default     = { "app.kubernetes.io/name" = "policycheck" }
}
