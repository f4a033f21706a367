# ok: PC-SEC-003
variable "db_password" {
  type        = string
  description = "Master password of the shop database"
  sensitive   = true
}

# ruleid: PC-SEC-003
variable "api_token" {
  type = string
}

variable "slack_webhook_token" {
  type = string
  # ruleid: PC-SEC-003
  sensitive = false
}

variable "stripe_secret_key" {
  type      = string
  sensitive = true
  # ruleid: PC-SEC-003
  default = "sk_live_not_a_real_key_0000"
}

# Both problems: one finding at the block (no sensitive), one at the default.
# ruleid: PC-SEC-003
variable "GITHUB_TOKEN" {
  # ruleid: PC-SEC-003
  default = { ci = "ghp_notreal" }
}

# ok: PC-SEC-003
variable "private_key" {
  type      = string
  sensitive = "true"
  default   = ""
}

# ok: PC-SEC-003
variable "admin_password" {
  type      = string
  sensitive = true
  default   = null
}

# Names that only mention a secret do not count.
# ok: PC-SEC-003
variable "password_length" {
  type    = number
  default = 32
}

# ok: PC-SEC-003
variable "secret_arn" {
  type    = string
  default = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:shop/db"
}

# Terraform accepts only a literal here; an expression cannot be judged.
variable "deploy_token" {
  type = string
  # unknown: PC-SEC-003
  sensitive = var.hide_values
}

module "db" {
  source = "./modules/db"
}
