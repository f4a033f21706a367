variable "name" {
  type = string
}

# ruleid: PC-AWS-091
resource "aws_s3_bucket" "this" {
  bucket = var.name
}
