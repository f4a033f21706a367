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
