variable "oidc_provider_arn" {
  description = "ARN of the cluster's IAM OIDC provider (aws_iam_openid_connect_provider), e.g. arn:aws:iam::111111111111:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE"
  type        = string
}

variable "oidc_issuer" {
  description = "The cluster's OIDC issuer without https://, e.g. oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE"
  type        = string
}

variable "namespace" {
  description = "Namespace of the policycheck-audit ServiceAccount (deploy/namespace.yaml)"
  type        = string
  default     = "policycheck"
}

variable "service_account" {
  description = "The ServiceAccount the audit pods run as (deploy/rbac.yaml)"
  type        = string
  default     = "policycheck-audit"
}

variable "member_role_arns" {
  description = "The audit roles of the member accounts that this role may assume (the lines of deploy/accounts-configmap.yaml); empty: audit this account only"
  type        = list(string)
  default     = []
}

variable "tags" {
  description = "Tags of the IAM role and policy"
  type        = map(string)
  default     = { "app.kubernetes.io/name" = "policycheck" }
}
