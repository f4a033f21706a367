# A module's own inputs are judged too.
# ruleid: PC-SEC-003
variable "master_password" {
  type = string
}

# ok: PC-SEC-003
variable "engine_version" {
  type    = string
  default = "16.4"
}
