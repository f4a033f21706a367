variable "in" {}
resource "terraform_data" "c" {
  for_each = toset(["k1"])
  input = var.in
}
output "cid" { value = terraform_data.c["k1"].id }
