variable "region" {
  type    = string
  default = "eu-west-1"
}

variable "project" {
  type    = string
  default = "shop"
}

variable "environment" {
  type = string
}

variable "encrypt_database" {
  type    = bool
  default = false
}

variable "flow_logs_role_arn" {
  type    = string
  default = "arn:aws:iam::123456789012:role/vpc-flow-logs"
}
