module "encrypted_bucket" {
  source = "./modules/bucket"
  name   = "acme-module-encrypted"
}
