variable "name" {
  type    = string
  default = "demo2"
}
variable "secret" {
  type      = string
  default   = "hunter3"
  sensitive = true
}
resource "terraform_data" "a" {
  input = { name = var.name, tags = ["x", "y"] }
}
resource "terraform_data" "b" {
  count = 1
  input = terraform_data.a.id
  triggers_replace = [var.secret]
}
module "child" {
  source = "./child"
  in     = terraform_data.a.output
}
