variable "name" {
  type = string
}

variable "security_group_ids" {
  type = list(string)
}

variable "encrypted" {
  type    = bool
  default = true
}

variable "tags" {
  type    = map(string)
  default = {}
}
